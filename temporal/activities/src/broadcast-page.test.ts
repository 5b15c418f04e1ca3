// One broadcast page against the real Postgres, its rules decided set-based: a suppressed
// address stored as a `suppressed` message, quiet hours read in each contact's zone (else the
// broadcast's, as a journey's), the
// frequency cap counted across earlier email, every skip and deferral with its reason — and a
// retried page hands nothing over twice.
import { randomUUID } from "node:crypto";
import { eq, inArray, like } from "drizzle-orm";
import { expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { broadcastRecipients, broadcasts, messageEvents, messages } from "@mailstream/db/schema";
import { createTransport, type EmailTransport, type OutgoingEmail } from "@mailstream/emails/transports";
import { createScheduledBroadcastFixture, createSegmentAudienceFixture } from "@mailstream/testing/broadcast-fixtures";
import { runActivity } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceFixture, suppressAddressFixture } from "@mailstream/testing/workflow-fixtures";
import { createActivities } from "./index";

const HOUR_MS = 3_600_000;
const hhmm = (hour: number) => `${String(((hour % 24) + 24) % 24).padStart(2, "0")}:00`;

it("applies suppressions, quiet hours and the cap to a whole page, and a retry hands over nothing again", async () => {
  const { db } = createDb(testEnv().databaseUrl);
  const { workspaceId } = await createWorkspaceFixture(db);
  const blocked = `blocked-${randomUUID().slice(0, 8)}@mailstream.test`;
  // Quiet from this UTC hour for two hours: a UTC contact is inside them, one at UTC+12 is not.
  const hour = new Date().getUTCHours();
  const { segmentId, contactIds } = await createSegmentAudienceFixture(db, workspaceId, [
    { timezone: "Etc/GMT-12" }, // 0: sent
    { timezone: "Etc/GMT-12" }, // 1: capped (an email earlier this hour)
    { timezone: "UTC" }, // 2: quiet hours
    { email: blocked, timezone: "Etc/GMT-12" }, // 3: suppressed
    {}, // 4: no zone of its own: read in the broadcast's quiet-hours zone (UTC+12), so sent
  ]);
  await suppressAddressFixture(db, workspaceId, blocked);
  await db.insert(messages).values({
    workspaceId,
    contactId: contactIds[1] as string,
    idempotencyKey: `earlier:${randomUUID()}`,
    toAddress: "someone@mailstream.test",
    fromAddress: "news@mailstream.test",
    subject: "Earlier",
    html: "<p>Earlier</p>",
    text: "Earlier",
    transport: "outbox",
    status: "sent",
  });
  const fixture = await createScheduledBroadcastFixture(db, {
    workspaceId,
    segmentId,
    quietHours: { start: hhmm(hour), end: hhmm(hour + 2), timeZone: "Etc/GMT-12" },
    frequencyCap: { maxEmails: 1, periodMs: 24 * HOUR_MS },
    emailTaskQueue: "unused",
  });
  const handed: OutgoingEmail[][] = [];
  const outbox = createTransport("outbox");
  const recording: EmailTransport = {
    ...outbox,
    sendBatch: async (emails, batchKey) => {
      handed.push([...emails]);
      return outbox.sendBatch!(emails, batchKey);
    },
  };
  const activities = createActivities({
    db,
    transport: recording,
    defaultFrom: "news@mailstream.test",
    publicUrl: "http://mailstream.test",
    secret: "page-test-secret-0123456789abcdef",
  });
  const ref = { broadcastId: fixture.broadcastId, workspaceId };
  await activities.prepareBroadcastSend(ref);

  const result = await runActivity(activities.sendBroadcastPage, { ...ref, page: 0 });
  expect(result).toMatchObject({ sent: 2, skipped: 1, failed: 0, deferred: 2 });
  expect(handed.map((batch) => batch.map((email) => email.idempotencyKey).sort())).toEqual([
    [0, 4].map((i) => `broadcast:${fixture.broadcastId}:${contactIds[i]}`).sort(),
  ]);
  const states = new Map(
    (await db.select().from(broadcastRecipients).where(eq(broadcastRecipients.broadcastId, fixture.broadcastId))).map(
      (row) => [row.contactId, row],
    ),
  );
  expect(states.get(contactIds[0] as string)).toMatchObject({ state: "sent" });
  expect(states.get(contactIds[4] as string)).toMatchObject({ state: "sent" });
  expect(states.get(contactIds[1] as string)).toMatchObject({
    state: "deferred",
    reason: "frequency cap: 1 email per 1 day reached",
  });
  expect(states.get(contactIds[2] as string)).toMatchObject({
    state: "deferred",
    reason: `quiet hours ${hhmm(hour)}–${hhmm(hour + 2)} (UTC)`,
  });
  expect(states.get(contactIds[2] as string)?.retryAt?.getTime()).toBeGreaterThan(Date.now());
  expect(states.get(contactIds[3] as string)).toMatchObject({
    state: "skipped",
    reason: "address suppressed (manual)",
  });
  const stored = await db
    .select({ key: messages.idempotencyKey, status: messages.status, error: messages.error })
    .from(messages)
    .where(like(messages.idempotencyKey, `broadcast:${fixture.broadcastId}:%`));
  expect(stored.map((row) => row.status).sort()).toEqual(["sent", "sent", "suppressed"]);
  expect(stored.find((row) => row.status === "suppressed")?.error).toBe("address suppressed (manual)");

  // The same page again (a retry after the marks): nothing pending is left, nothing is handed over.
  expect(await runActivity(activities.sendBroadcastPage, { ...ref, page: 0 })).toMatchObject({ sent: 0 });
  expect(handed).toHaveLength(1);
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
  expect(row).toMatchObject({ sentCount: 2, skippedCount: 1, failedCount: 0 });
});

it("a page retried after its messages were stored hands the stored rows over, under the same batch key", async () => {
  const { db } = createDb(testEnv().databaseUrl);
  const { workspaceId } = await createWorkspaceFixture(db);
  const { segmentId, contactIds } = await createSegmentAudienceFixture(db, workspaceId, [{}, {}, {}]);
  const fixture = await createScheduledBroadcastFixture(db, { workspaceId, segmentId, emailTaskQueue: "unused" });
  const calls: { key: string; emails: OutgoingEmail[] }[] = [];
  const outbox = createTransport("outbox");
  let isDown = true;
  const flaky: EmailTransport = {
    ...outbox,
    // A provider (its call can fail after the rows are stored), not the outbox, which hands off in place.
    name: "flaky-provider",
    sendBatch: async (emails, batchKey) => {
      calls.push({ key: batchKey, emails: [...emails] });
      if (isDown) throw new Error("provider unreachable");
      return outbox.sendBatch!(emails, batchKey);
    },
  };
  const activities = createActivities({
    db,
    transport: flaky,
    defaultFrom: "news@mailstream.test",
    publicUrl: "http://mailstream.test",
    secret: "page-test-secret-0123456789abcdef",
  });
  const ref = { broadcastId: fixture.broadcastId, workspaceId };
  await activities.prepareBroadcastSend(ref);
  await expect(runActivity(activities.sendBroadcastPage, { ...ref, page: 0 })).rejects.toThrow("provider unreachable");
  isDown = false;
  expect(await runActivity(activities.sendBroadcastPage, { ...ref, page: 0 })).toMatchObject({ sent: 3 });
  const [first, retry] = calls;
  expect(retry?.key).toBe(first?.key);
  // The same stored emails (tracking links and Message-IDs included), not a second rendering.
  expect(retry?.emails).toEqual(first?.emails);
  expect(new Set(retry?.emails.map((email) => email.idempotencyKey))).toEqual(
    new Set(contactIds.map((id) => `broadcast:${fixture.broadcastId}:${id}`)),
  );
});

it("through the outbox, two attempts at one page at once store each email once, handed off, with its events and one count", async () => {
  const { db } = createDb(testEnv().databaseUrl);
  const { workspaceId } = await createWorkspaceFixture(db);
  const { segmentId, contactIds } = await createSegmentAudienceFixture(
    db,
    workspaceId,
    Array.from({ length: 12 }, () => ({})),
  );
  const fixture = await createScheduledBroadcastFixture(db, { workspaceId, segmentId, emailTaskQueue: "unused" });
  const activities = createActivities({
    db,
    transport: createTransport("outbox"),
    defaultFrom: "news@mailstream.test",
    publicUrl: "http://mailstream.test",
    secret: "page-test-secret-0123456789abcdef",
  });
  const ref = { broadcastId: fixture.broadcastId, workspaceId };
  await activities.prepareBroadcastSend(ref);
  // A retry started while the first attempt still runs (a lost heartbeat): both render the page.
  await Promise.all([
    runActivity(activities.sendBroadcastPage, { ...ref, page: 0 }),
    runActivity(activities.sendBroadcastPage, { ...ref, page: 0 }),
  ]);
  const stored = await db
    .select({
      id: messages.id,
      key: messages.idempotencyKey,
      status: messages.status,
      provider: messages.providerMessageId,
    })
    .from(messages)
    .where(like(messages.idempotencyKey, `broadcast:${fixture.broadcastId}:%`));
  expect(stored).toHaveLength(contactIds.length);
  for (const row of stored) expect(row).toMatchObject({ status: "sent", provider: `outbox:${row.key}` });
  const events = await db
    .select({ messageId: messageEvents.messageId, type: messageEvents.type })
    .from(messageEvents)
    .where(
      inArray(
        messageEvents.messageId,
        stored.map((row) => row.id),
      ),
    );
  expect(events.map((event) => event.type).sort()).toEqual(
    [...Array(contactIds.length).fill("delivered"), ...Array(contactIds.length).fill("sent")].sort(),
  );
  const recipients = await db
    .select({ state: broadcastRecipients.state, messageId: broadcastRecipients.messageId })
    .from(broadcastRecipients)
    .where(eq(broadcastRecipients.broadcastId, fixture.broadcastId));
  expect(recipients.every((row) => row.state === "sent" && row.messageId !== null)).toBe(true);
  const [row] = await db.select().from(broadcasts).where(eq(broadcasts.id, fixture.broadcastId));
  expect(row).toMatchObject({ sentCount: contactIds.length, skippedCount: 0, failedCount: 0 });
});
