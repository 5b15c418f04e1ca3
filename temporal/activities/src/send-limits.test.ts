// Quiet hours math (pure) and the gated insert against the real Postgres: the cap counts the
// contact's messages across journeys, and a retried send finds its row instead of deferring.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { testEnv } from "@mailstream/testing/test-env";
import { createContactFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { insertMessageWithinLimits, quietHoursEndAt } from "./send-limits";

describe("quietHoursEndAt", () => {
  const at = (iso: string) => Date.parse(iso);

  it("finds the end of a same-day window, and nothing outside it", () => {
    const window = { start: "12:00", end: "14:00" };
    expect(quietHoursEndAt(at("2026-03-02T13:15:00Z"), window, "UTC")).toBe(at("2026-03-02T14:00:00Z"));
    expect(quietHoursEndAt(at("2026-03-02T14:00:00Z"), window, "UTC")).toBeNull();
    expect(quietHoursEndAt(at("2026-03-02T11:59:00Z"), window, "UTC")).toBeNull();
  });

  it("handles windows that wrap midnight, in the given zone", () => {
    const night = { start: "21:00", end: "08:00" };
    // 22:30 in Paris (winter, UTC+1) → 08:00 Paris the next morning.
    expect(quietHoursEndAt(at("2026-01-10T21:30:00Z"), night, "Europe/Paris")).toBe(at("2026-01-11T07:00:00Z"));
    // 03:00 in Paris → 08:00 the same morning.
    expect(quietHoursEndAt(at("2026-01-10T02:00:00Z"), night, "Europe/Paris")).toBe(at("2026-01-10T07:00:00Z"));
    expect(quietHoursEndAt(at("2026-01-10T12:00:00Z"), night, "Europe/Paris")).toBeNull();
  });
});

describe("insertMessageWithinLimits", () => {
  let db: Db;
  beforeAll(() => {
    db = createDb(testEnv().databaseUrl).db;
  });

  function row(workspaceId: string, contactId: string) {
    return {
      workspaceId,
      contactId,
      idempotencyKey: `test:${randomUUID()}`,
      toAddress: "a@mailstream.test",
      fromAddress: "b@mailstream.test",
      subject: "s",
      html: "<p>h</p>",
      text: "t",
      transport: "outbox",
    };
  }

  it("defers once the cap is reached, and a retried send finds its own row", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { contactId } = await createContactFixture(db, workspaceId);
    const limits = { quietHours: null, frequencyCap: { maxEmails: 2, periodMs: 3_600_000 }, timeZone: "UTC" };
    const first = row(workspaceId, contactId);
    expect(await insertMessageWithinLimits(db, limits, first, Date.now())).toMatchObject({
      message: { idempotencyKey: first.idempotencyKey },
    });
    expect(await insertMessageWithinLimits(db, limits, row(workspaceId, contactId), Date.now())).toHaveProperty(
      "message",
    );
    const third = await insertMessageWithinLimits(db, limits, row(workspaceId, contactId), Date.now());
    expect(third).toMatchObject({
      deferred: { rule: "frequency_cap", reason: "frequency cap: 2 emails per 1 hour reached" },
    });
    // The same idempotency key again (a retried activity) is its stored row, not a deferral.
    expect(await insertMessageWithinLimits(db, limits, first, Date.now())).toMatchObject({
      message: { idempotencyKey: first.idempotencyKey },
    });
    // Without limits (transactional) nothing is deferred.
    expect(await insertMessageWithinLimits(db, undefined, row(workspaceId, contactId), Date.now())).toHaveProperty(
      "message",
    );
  });
});
