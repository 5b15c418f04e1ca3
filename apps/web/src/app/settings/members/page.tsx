// /settings/members: the people of this workspace, invitations, and the workspace itself
// (rename; transfer and delete for owners). Owners and admins only (workspace:manage).
import type { Metadata } from "next";
import { MembersManager } from "@/components/members/members-manager";
import { WorkspaceAdmin } from "@/components/members/workspace-admin";
import { getServerCaller } from "@/trpc/server-context";

export const metadata: Metadata = { title: "Members" };
export const dynamic = "force-dynamic";

export default async function MembersPage() {
  const caller = await getServerCaller();
  const { permissions, workspace } = await caller.workspaces.current();
  if (!permissions.includes("workspace:manage") || !workspace) {
    return (
      <div className="page">
        <h1>Members</h1>
        <p className="card card-body">Only owners and admins manage this workspace&apos;s members.</p>
      </div>
    );
  }
  const initial = await caller.members.list();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Members</h1>
          <p>Who works in {workspace.name}, with which role; invitations; and the workspace itself.</p>
        </div>
      </header>
      <div className="stack">
        <MembersManager initial={initial} />
        <WorkspaceAdmin name={workspace.name} canDelete={permissions.includes("workspace:delete")} />
      </div>
    </div>
  );
}
