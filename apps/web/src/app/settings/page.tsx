// /settings: how this workspace delivers email (transport, senders, sender defaults, tracking), its
// template variables, event retention, subscription topics and suppression list. Credentials are never sent to the browser; the form shows "••• set".
import type { Metadata } from "next";
import { EventRetentionForm } from "@/components/settings/event-retention-form";
import { GeneralSettingsForm } from "@/components/settings/general-settings-form";
import { LinkDomainsForm } from "@/components/settings/link-domains-form";
import { SendersManager } from "@/components/settings/senders-manager";
import { SuppressionsManager } from "@/components/settings/suppressions-manager";
import { TopicsManager } from "@/components/settings/topics-manager";
import { TransportForm } from "@/components/settings/transport-form";
import { WorkspaceVariablesForm } from "@/components/settings/workspace-variables-form";
import { getServerCaller } from "@/trpc/server-context";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const caller = await getServerCaller();
  const { permissions } = await caller.workspaces.current();
  if (!permissions.includes("settings:read")) {
    return (
      <div className="page">
        <h1>Settings</h1>
        <p className="card card-body">Your role cannot see this workspace&apos;s settings; ask an owner or admin.</p>
      </div>
    );
  }
  // Transport, senders and variables are for owners and admins (workspace:manage); the rest see topics and suppressions.
  const canManage = permissions.includes("workspace:manage");
  const [settings, senders, topics, suppressions] = await Promise.all([
    caller.settings.get(),
    caller.senders.list(),
    caller.topics.list(),
    caller.suppressions.list({ page: 1 }),
  ]);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p>
            Email delivery, senders, sender defaults, tracking, template variables, event retention, subscription topics
            and the suppression list for this workspace.
          </p>
        </div>
      </header>
      <div className="stack">
        {canManage && <TransportForm initial={settings} />}
        {canManage && <SendersManager initial={senders} />}
        {canManage && <GeneralSettingsForm initial={settings} />}
        {canManage && <LinkDomainsForm initial={settings} />}
        {canManage && <WorkspaceVariablesForm initial={settings} />}
        {canManage && <EventRetentionForm initial={settings} />}
        <TopicsManager initial={topics} />
        <SuppressionsManager initial={suppressions} />
      </div>
    </div>
  );
}
