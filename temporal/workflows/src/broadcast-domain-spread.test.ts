// A per-domain limit spreads too (BROADCAST_PAGES_PATCH): gmail.com at 3,600 an hour means at
// most 5 gmail.com emails in any 5 seconds — not the hour's 3,600 at once — while other domains in
// the same page go straight away. On the real dev server (the windows are wall-clock time: the
// recipients' hand-off instants), with its own queues.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect } from "vitest";
import { broadcastRecipients, broadcasts } from "@mailstream/db/schema";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import type { broadcastSend } from "./broadcast-send";

/** 3,600 an hour spread over 5-second windows: 5 per window. */
const GMAIL_PER_HOUR = 3_600;
const PER_WINDOW = 5;
const WINDOW_MS = 5_000;

temporalWorkersTest(
  "holds a domain to its share of each few seconds while the page's other domains go",
  async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceFixture(db);
    const { segmentId } = await createSegmentAudienceFixture(db, workspaceId, [
      ...Array.from({ length: 12 }, () => ({ email: `${randomUUID().slice(0, 12)}@gmail.com` })),
      ...Array.from({ length: 8 }, () => ({})),
    ]);
    const fixture = await createScheduledBroadcastFixture(db, {
      workspaceId,
      segmentId,
      domainLimits: { "gmail.com": GMAIL_PER_HOUR },
      emailTaskQueue: workers.taskQueues.email,
    });
    const handle = await workers.client.workflow.start<typeof broadcastSend>("broadcastSend", {
      taskQueue: workers.taskQueues.journeys,
      workflowId: fixture.workflowId,
      args: [fixture.input],
    });
    expect(await handle.result()).toEqual({ status: "done" });
    const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
    expect(row).toMatchObject({ status: "done", sentCount: 20 });

    const sent = await db
      .select({ domain: broadcastRecipients.domain, at: broadcastRecipients.handledAt })
      .from(broadcastRecipients)
      .where(and(eq(broadcastRecipients.broadcastId, fixture.broadcastId), eq(broadcastRecipients.state, "sent")));
    const times = (domain: string) =>
      sent
        .filter((r) => r.domain === domain)
        .map((r) => (r.at as Date).getTime())
        .sort((a, b) => a - b);
    const gmail = times("gmail.com");
    expect(gmail).toHaveLength(12);
    // No window of 5 s holds more than 5: the 6th send after any send is a full window later.
    for (let i = 0; i + PER_WINDOW < gmail.length; i++) {
      expect((gmail[i + PER_WINDOW] as number) - (gmail[i] as number)).toBeGreaterThanOrEqual(WINDOW_MS - 1);
    }
    // The other domain is not held back by gmail.com's windows: it all went with the first call.
    const others = times("mailstream.test");
    expect(others).toHaveLength(8);
    expect(Math.max(...others)).toBeLessThan((gmail[PER_WINDOW] as number) - WINDOW_MS / 2);
  },
  120_000,
);
