// `audit`: the workspace's audit log for owners and admins — a filtered page (cursor) and the
// rows of a CSV export of the same filter.
import { exportAuditLog, listAuditLog, ZAuditLogQuerySchema } from "@mailstream/core/audit/audit-log";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const auditRouter = createTRPCRouter({
  list: permissionProcedure("audit:read")
    .input(ZAuditLogQuerySchema)
    .query(({ ctx, input }) => listAuditLog(ctx.db, ctx.workspaceId, input)),

  export: permissionProcedure("audit:read")
    .input(ZAuditLogQuerySchema.omit({ cursor: true, limit: true }))
    .query(({ ctx, input }) => exportAuditLog(ctx.db, ctx.workspaceId, input)),
});
