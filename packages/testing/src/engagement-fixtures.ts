// Opens and clicks at chosen instants, for send-time tests: one message per engagement (an
// open or a click is counted once per message), its event stamped `at`.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { messageEvents, messages } from "@mailstream/db/schema";

export interface SeededEngagement {
  kind: "opened" | "clicked";
  at: Date;
}

export async function seedEngagements(
  db: Db,
  input: { workspaceId: string; contactId: string; engagements: readonly SeededEngagement[] },
): Promise<void> {
  if (input.engagements.length === 0) return;
  const rows = await db
    .insert(messages)
    .values(
      input.engagements.map((engagement) => ({
        workspaceId: input.workspaceId,
        contactId: input.contactId,
        idempotencyKey: `engagement-${randomUUID()}`,
        toAddress: "engaged@mailstream.test",
        fromAddress: "Test <test@mailstream.test>",
        subject: "Seeded",
        html: "<p>hi</p>",
        text: "hi",
        transport: "outbox",
        status: engagement.kind,
        createdAt: new Date(engagement.at.getTime() - 60_000),
      })),
    )
    .returning({ id: messages.id });
  await db.insert(messageEvents).values(
    input.engagements.map((engagement, i) => ({
      workspaceId: input.workspaceId,
      messageId: rows[i]?.id as string,
      type: engagement.kind,
      dedupeKey: `engagement-${randomUUID()}`,
      occurredAt: engagement.at,
    })),
  );
}

/** `count` engagements at `hour`:`minute` UTC on consecutive days ending the day before `now`. */
export function dailyAt(now: number, hourUtc: number, count: number, kind: SeededEngagement["kind"] = "opened") {
  const day = 86_400_000;
  const midnight = Math.floor(now / day) * day;
  return Array.from({ length: count }, (_, i) => ({
    kind,
    at: new Date(midnight - (i + 1) * day + hourUtc * 3_600_000 + 10 * 60_000),
  }));
}
