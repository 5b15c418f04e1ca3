// POST /api/invitations/accept — accept an invitation by choosing a password (no session yet);
// guarded by the invitation's token (packages/api/src/http/invitation-accept.ts).
import { handleInvitationAccept } from "@mailstream/api/http/invitation-accept";
import { getAuth } from "@/server/auth";
import { getDeps } from "@/server/deps";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(req: Request): Promise<Response> {
  const { db, trustedProxies } = getDeps();
  return handleInvitationAccept(req, { db, auth: getAuth(), trustedProxies });
}
