// What a test run's sends and webhook steps reach instead of a transport and the network: they
// keep the request exactly as the production activity built it, keyed by the run it belongs
// to, and answer as a success would. Nothing leaves the process.
import type { EmailTransport, OutgoingEmail } from "@mailstream/emails/transports";
import type { OutboundGuard, OutboundResponse } from "@mailstream/net";

export interface RecordedWebhook {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Epoch ms on the run's virtual clock. */
  at: number;
}

export interface RecordedEmail extends OutgoingEmail {
  at: number;
}

/** Per-run recordings; a run's entries are taken (and forgotten) once it ends. */
export class RunRecorders {
  private readonly emails = new Map<string, RecordedEmail[]>();
  private readonly webhooks = new Map<string, { nodeId: string; request: RecordedWebhook }[]>();

  constructor(private readonly clock: () => Promise<number>) {}

  /** The send activity marks each email with its run (`X-Mailstream-Run`, activities/send-email.ts). */
  readonly transport: EmailTransport = {
    name: "test-run",
    send: async (email) => {
      const runId = email.headers["X-Mailstream-Run"] ?? "";
      const list = this.emails.get(runId) ?? [];
      list.push({ ...email, at: await this.clock() });
      this.emails.set(runId, list);
      return { providerMessageId: `test-run-${email.idempotencyKey}`, isDelivered: true };
    },
  };

  /** The webhook activity keys each request `<run id>:<node id>` (activities/webhook.ts). */
  readonly webhookRecorder: Pick<OutboundGuard, "request"> = {
    request: async (url, init = {}): Promise<OutboundResponse> => {
      const headers = init.headers ?? {};
      const [runId = "", nodeId = ""] = (headers["idempotency-key"] ?? "").split(":");
      const list = this.webhooks.get(runId) ?? [];
      const body = init.body === undefined ? null : init.body.toString();
      list.push({ nodeId, request: { method: init.method ?? "GET", url, headers, body, at: await this.clock() } });
      this.webhooks.set(runId, list);
      return { status: 200, headers: {}, body: Buffer.alloc(0), url };
    },
  };

  take(runId: string): { emails: RecordedEmail[]; webhooks: { nodeId: string; request: RecordedWebhook }[] } {
    const taken = { emails: this.emails.get(runId) ?? [], webhooks: this.webhooks.get(runId) ?? [] };
    this.emails.delete(runId);
    this.webhooks.delete(runId);
    return taken;
  }
}
