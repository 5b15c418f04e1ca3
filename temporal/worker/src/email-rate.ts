// The `email` task queue's rate limit, chosen per transport.
//
// Two limits apply it. The one that decides the rate is shared in Postgres
// (activities/provider-rate.ts): every provider call — a journey send, a broadcast page's batch —
// reserves a slot of it, across workers and across journeys and broadcasts. Temporal's task-queue
// limit keeps the same value as back-pressure: the backlog waits in the queue rather than in
// workers (docs/email-delivery.md, "Rate limits").
//
// How Temporal applies its part: `maxTaskQueueActivitiesPerSecond` is a TASK-QUEUE limit enforced
// by the Temporal server's matching service across every worker polling the queue (each
// worker sends the value with its polls; the most recent poller's value wins), so N workers
// together dispatch at most that many sendEmail tasks per second — a provider's account-wide
// limit holds however far the workers scale out. (`maxActivitiesPerSecond`, by contrast, is
// per worker.) Tasks over the limit wait in the queue; they are not failed or retried.
//
// Providers differ (Resend's default API limit is 2 requests/s per team; an SMTP relay's is
// whatever its operator set), so each transport has its own setting, falling back to
// EMAIL_RATE_LIMIT_PER_SECOND. The queue is shared: workspaces that pick another transport in
// Settings are paced by the limit of the worker's EMAIL_TRANSPORT — set it to the strictest
// provider in use. (Routing each provider to its own queue needs the run starter to choose
// `emailTaskQueue` per workspace; see the README's "Email rate limits".)
import type { TransportName } from "@mailstream/emails/transports";

export type EmailRateConfig = {
  transport: TransportName;
  /** EMAIL_RATE_LIMIT_PER_SECOND. */
  defaultRate: number;
  /** EMAIL_RATE_LIMIT_OUTBOX / _SMTP / _RESEND; absent = the default. */
  perTransport: Partial<Record<TransportName, number | undefined>>;
};

export function resolveEmailRate(config: EmailRateConfig): number {
  const rate = config.perTransport[config.transport] ?? config.defaultRate;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new Error(
      `the email rate limit for the ${config.transport} transport must be a positive number, got ${rate}`,
    );
  }
  return rate;
}
