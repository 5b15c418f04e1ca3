// "Send the path to me": the emails a test run recorded, delivered now, in order, to the person
// who ran it, through the workspace's real transport — marked as tests ("[Test]" subject,
// `X-Mailstream-Test`), with no message row anywhere, so no metric counts them. The headers
// that tie an email to a run (and the scratch run's unsubscribe link) are dropped: the run and
// its rows no longer exist.
import { findWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { Db } from "@mailstream/db/client";
import { createWorkspaceTransports, type EmailTransport } from "@mailstream/emails/transports";
import type { OutboundGuard } from "@mailstream/net";
import type { RecordedEmail } from "./recorders";

const RUN_HEADERS = new Set(["x-mailstream-run", "x-mailstream-node", "list-unsubscribe", "list-unsubscribe-post"]);

export interface DeliverPathOptions {
  db: Db;
  /** The worker's env transport: for workspaces without one of their own. */
  transport: EmailTransport;
  secret?: string | undefined;
  outbound: OutboundGuard;
}

export function createPathDelivery(options: DeliverPathOptions) {
  const transports = createWorkspaceTransports({
    fallback: options.transport,
    secret: options.secret,
    outbound: options.outbound,
  });
  return async function deliverPath(
    workspaceId: string,
    to: string,
    emails: readonly RecordedEmail[],
  ): Promise<number> {
    const settings = await findWorkspaceSettings(options.db, workspaceId);
    const transport = transports.transportFor(workspaceId, settings?.transport);
    let delivered = 0;
    // One after another: the order of the path is the order they arrive in.
    for (const email of emails) {
      const headers = Object.fromEntries(
        Object.entries(email.headers).filter(([name]) => !RUN_HEADERS.has(name.toLowerCase())),
      );
      await transport.send({
        idempotencyKey: `test-path:${email.idempotencyKey}:${to}`,
        from: email.from,
        to,
        subject: `[Test] ${email.subject}`,
        html: email.html,
        text: email.text,
        headers: { ...headers, "X-Mailstream-Test": "test-run" },
      });
      delivered++;
    }
    return delivered;
  };
}
