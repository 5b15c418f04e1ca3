// A single sign-on attempt refused after the provider answered (unverified email, a token that
// failed its checks): one instance security-log row, kept 30 days like failed sign-ins.
import type { Db } from "@mailstream/db/client";
import { insertSecurityEvent } from "@mailstream/db/queries/security-events";

export async function recordSsoRefusal(
  db: Db,
  refusal: { code: string; reason: string; email: string | null; sourceAddress: string | null },
): Promise<void> {
  await insertSecurityEvent(db, {
    kind: "sso_sign_in_refused",
    email: refusal.email,
    sourceAddress: refusal.sourceAddress,
    detail: { code: refusal.code, reason: refusal.reason.slice(0, 500) },
  });
}
