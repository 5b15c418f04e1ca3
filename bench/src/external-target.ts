// A running Mailstream (`npm start`, or a deployment) as the benchmark target: events go
// to its HTTP API with the write key; send times come back through the public messages API
// with the secret key.
import { basicAuth, type BenchTarget, type SentTimes } from "./target";

const READ_CONCURRENCY = 8;

interface ApiMessage {
  sentAt: string | null;
}

export function createExternalTarget(options: {
  url: string;
  writeKey: string;
  secretKey: string;
  event: string;
}): BenchTarget {
  async function firstSentAt(userId: string): Promise<number | null> {
    const res = await fetch(`${options.url}/api/v1/contacts/${encodeURIComponent(userId)}/messages`, {
      headers: { authorization: `Bearer ${options.secretKey}` },
    });
    if (res.status === 404) return null; // the dispatcher has not created the contact yet
    if (!res.ok) throw new Error(`GET messages of ${userId} answered ${res.status}: ${await res.text()}`);
    const { data } = (await res.json()) as { data: ApiMessage[] };
    const times = data.flatMap((message) => (message.sentAt ? [Date.parse(message.sentAt)] : []));
    return times.length > 0 ? Math.min(...times) : null;
  }

  return {
    description: `running instance at ${options.url} (event "${options.event}")`,
    trackUrl: `${options.url}/api/v1/track`,
    authorization: basicAuth(options.writeKey),
    eventName: options.event,
    async findSentTimes(userIds) {
      const found = new Map<string, SentTimes>();
      const queue = [...userIds];
      await Promise.all(
        Array.from({ length: READ_CONCURRENCY }, async () => {
          for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
            const sentAt = await firstSentAt(userId);
            if (sentAt !== null) found.set(userId, { sentAt });
          }
        }),
      );
      return found;
    },
    async stop() {},
  };
}
