// /settings: how this workspace delivers email (transport, sender defaults, tracking) and its
// subscription topics. Credentials are never sent to the browser; the form shows "••• set".
import type { Metadata } from "next";
import { GeneralSettingsForm } from "../../components/settings/general-settings-form";
import { TopicsManager } from "../../components/settings/topics-manager";
import { TransportForm } from "../../components/settings/transport-form";
import { getServerCaller } from "../../trpc/server-context";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const caller = await getServerCaller();
  const [settings, topics] = await Promise.all([caller.settings.get(), caller.topics.list()]);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Email delivery, sender defaults, tracking and subscription topics for this workspace.</p>
        </div>
      </header>
      <div className="stack">
        <TransportForm initial={settings} />
        <GeneralSettingsForm initial={settings} />
        <TopicsManager initial={topics} />
      </div>
    </div>
  );
}
