// The audit log's read API: GET /api/v1/audit — a secret key whose role holds `audit:read`
// (owner or admin); the same filters as the page (`action`, `actor`, `targetType`, `targetId`,
// `from`, `to`) and `{ data, nextCursor }` pages (`limit`, `cursor`), newest first.
import { roleHas } from "@mailstream/auth/permissions";
import { listAuditLog, ZAuditLogQuerySchema } from "@mailstream/core/audit/audit-log";
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { authenticateApiKey, readApiKeyFromHeader } from "@mailstream/core/ingest/auth";
import { forbiddenMessage } from "../authz";
import type { HttpDeps } from "./deps";
import { badRequest, jsonResponse, respond } from "./responses";

export function handleAuditList(req: Request, deps: Pick<HttpDeps, "db">): Promise<Response> {
  return respond("audit request", async () => {
    const auth = await authenticateApiKey(deps.db, readApiKeyFromHeader(req.headers.get("authorization")), "secret");
    if (!auth.ok) throw new AppError(AppErrorCode.UNAUTHORIZED, auth.error);
    if (!roleHas(auth.role, "audit:read"))
      throw new AppError(AppErrorCode.FORBIDDEN, forbiddenMessage(auth.role, "audit:read"));
    const parsed = ZAuditLogQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success) {
      return badRequest(parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })));
    }
    const page = await listAuditLog(deps.db, auth.workspaceId, parsed.data);
    return jsonResponse(200, { data: page.items, nextCursor: page.nextCursor });
  });
}
