// /settings/api-keys: the workspace's write and secret keys — create (the secret shown once),
// list, rotate, revoke. Only roles holding `apiKeys:write` (owner, admin, developer) see it.
import type { Metadata } from "next";
import { ApiKeysManager } from "@/components/api-keys/api-keys-manager";
import { getServerCaller } from "@/trpc/server-context";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const caller = await getServerCaller();
  const { permissions } = await caller.workspaces.current();
  if (!permissions.includes("apiKeys:write")) {
    return (
      <div className="page">
        <h1>API keys</h1>
        <p className="card card-body">Your role cannot manage API keys; ask an owner, admin or developer.</p>
      </div>
    );
  }
  const initial = await caller.apiKeys.list();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>API keys</h1>
          <p>Keys for sending events and for using this workspace from your own code.</p>
        </div>
      </header>
      <ApiKeysManager initial={initial} />
    </div>
  );
}
