// /settings/audit: the workspace's audit log for owners and admins — who changed what, when and
// from where, filtered, paged and exported as CSV. Everyone else is told whom to ask.
import type { Metadata } from "next";
import { AUDIT_ACTIONS } from "@mailstream/api";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { getServerCaller } from "@/trpc/server-context";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const caller = await getServerCaller();
  const { permissions } = await caller.workspaces.current();
  if (!permissions.includes("audit:read")) {
    return (
      <div className="page">
        <h1>Audit log</h1>
        <p className="card card-body">Only owners and admins can read this workspace&apos;s audit log.</p>
      </div>
    );
  }
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p>
            Every change made in this workspace: who (a person or an API key), what, when and from which address.
            Entries cannot be edited or deleted.
          </p>
        </div>
      </header>
      <AuditLogView actions={[...AUDIT_ACTIONS]} />
    </div>
  );
}
