// What the benchmark drives: somewhere to POST track events, and a way to learn when each
// contact's first email was handed to the transport (`messages.sent_at`).
export interface BenchTarget {
  description: string;
  trackUrl: string;
  authorization: string;
  /** The event name the target's live journey is triggered by. */
  eventName: string;
  /** Set when the bench runs its own stack: the raw Temporal baseline runs on the same server. */
  temporalAddress?: string;
  /** Set when the bench runs its own stack: its database (bench:fairness seeds and reads it). */
  databaseUrl?: string;
  /** Epoch ms (fractional) of the first sent message per userId, for the ids that have one. */
  findSentTimes(userIds: readonly string[]): Promise<Map<string, SentTimes>>;
  stop(): Promise<void>;
}

export interface SentTimes {
  sentAt: number;
  /** Where the time went, when the target can see its database (epoch ms). */
  stages?: { claimedAt: number; runCreatedAt: number; messageCreatedAt: number };
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
}
