// resolveWaitUntil against real Postgres rows: which zone a time-of-day wait uses (the
// contact's column, then its `timezone` trait, then the journey's fallback), the chosen
// weekdays, and dates read from a trait or a trigger property with their offset — a missing
// or unparseable date resolves to "continue now" with the reason named.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { contacts } from "@mailstream/db/schema";
import type { Weekday } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import type { JourneyRunInput } from "@mailstream/temporal-contracts";
import { createContactFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { runActivity } from "@mailstream/testing/temporal-workers";
import { createWaitUntilActivity, parseDateValue, type ResolveWaitUntilInput } from "./wait-until";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});

const DAY = 86_400_000;
const trigger = (properties: Record<string, unknown> = {}): JourneyRunInput["trigger"] => ({
  eventId: "e-1",
  event: "added_to_cart",
  properties,
  traits: {},
});
const resolve = (input: ResolveWaitUntilInput) => runActivity(createWaitUntilActivity(db), input);

async function contactWith(traits: Record<string, unknown>, timezone: string | null = null) {
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId, { traits });
  if (timezone !== null) await db.update(contacts).set({ timezone }).where(eq(contacts.id, contactId));
  return contactId;
}

/** Weekday and HH:MM of `iso` on the wall clock of `zone`. */
function wallClock(iso: string, zone: string): { weekday: string; time: string } {
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }).format(new Date(iso));
  return {
    weekday: format({ weekday: "short" }).toLowerCase(),
    time: format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
  };
}

describe("wait until a time of day", () => {
  const atTime = (contactId: string, weekdays: Weekday[]) =>
    resolve({
      kind: "wait_until_time",
      contactId,
      trigger: trigger(),
      time: "09:30",
      weekdays,
      fallbackTimeZone: "America/New_York",
    });

  it("uses the contact's zone column over its trait and the journey's fallback, on a chosen weekday", async () => {
    const contactId = await contactWith({ timezone: "Europe/Paris" }, "Asia/Tokyo");
    const before = Date.now();
    const resolved = await atTime(contactId, ["mon", "thu"]);
    expect(resolved.timeZone).toBe("Asia/Tokyo");
    const target = Date.parse(resolved.targetAt ?? "");
    expect(target).toBeGreaterThan(before);
    expect(target - before).toBeLessThanOrEqual(4 * DAY); // Thu → Mon is the longest gap
    expect(["mon", "thu"]).toContain(wallClock(resolved.targetAt ?? "", "Asia/Tokyo").weekday);
    expect(wallClock(resolved.targetAt ?? "", "Asia/Tokyo").time).toBe("09:30");
  });

  it("falls back to the trait, then to the journey's zone when the contact's are unknown", async () => {
    const fromTrait = await atTime(await contactWith({ timezone: "Europe/Paris" }), []);
    expect(fromTrait.timeZone).toBe("Europe/Paris");
    expect(wallClock(fromTrait.targetAt ?? "", "Europe/Paris").time).toBe("09:30");
    expect(Date.parse(fromTrait.targetAt ?? "") - Date.now()).toBeLessThanOrEqual(DAY);

    const invalid = await atTime(await contactWith({ timezone: "Mars/Olympus" }, "Nowhere/Else"), ["sat"]);
    expect(invalid.timeZone).toBe("America/New_York");
    expect(wallClock(invalid.targetAt ?? "", "America/New_York")).toEqual({ weekday: "sat", time: "09:30" });
  });
});

describe("wait until a date", () => {
  const atDate = (
    contactId: string,
    source: "trait" | "trigger",
    path: string,
    offsetMs: number,
    properties: Record<string, unknown> = {},
  ) => resolve({ kind: "wait_until_date", contactId, trigger: trigger(properties), source, path, offsetMs });

  it("reads an ISO trait and applies a negative offset", async () => {
    const renewal = "2031-03-15T12:00:00.000Z";
    const resolved = await atDate(await contactWith({ renewal_at: renewal }), "trait", "renewal_at", -DAY);
    expect(resolved).toEqual({ targetAt: "2031-03-14T12:00:00.000Z" });
  });

  it("reads a trigger property (epoch seconds or milliseconds) and applies a positive offset", async () => {
    const contactId = await contactWith({});
    const seconds = await atDate(contactId, "trigger", "properties.delivered_at", 3_600_000, {
      delivered_at: 1_900_000_000,
    });
    expect(seconds).toEqual({ targetAt: new Date(1_900_000_000_000 + 3_600_000).toISOString() });
    const millis = await atDate(contactId, "trigger", "properties.delivered_at", 0, {
      delivered_at: 1_900_000_000_123,
    });
    expect(millis).toEqual({ targetAt: new Date(1_900_000_000_123).toISOString() });
  });

  it("continues now, naming the reason, when the date is missing or not a date", async () => {
    const contactId = await contactWith({ renewal_at: "next tuesday-ish", flag: true });
    expect(await atDate(contactId, "trait", "trial_ends_at", 0)).toEqual({
      targetAt: null,
      reason: 'trait "trial_ends_at" is not set',
    });
    expect(await atDate(contactId, "trait", "renewal_at", 0)).toEqual({
      targetAt: null,
      reason: 'trait "renewal_at" is not a date',
    });
    expect(await atDate(contactId, "trait", "flag", 0)).toEqual({
      targetAt: null,
      reason: 'trait "flag" is not a date',
    });
    expect(await atDate(contactId, "trigger", "properties.ships_at", 0, { ships_at: "" })).toEqual({
      targetAt: null,
      reason: 'trigger "properties.ships_at" is not a date',
    });
  });
});

describe("parseDateValue", () => {
  it("takes ISO strings and epoch seconds / milliseconds, nothing else", () => {
    expect(parseDateValue("2030-01-01T00:00:00Z")).toBe(Date.UTC(2030, 0, 1));
    expect(parseDateValue(1_900_000_000)).toBe(1_900_000_000_000);
    expect(parseDateValue(1_900_000_000_000)).toBe(1_900_000_000_000);
    expect([
      parseDateValue("soon"),
      parseDateValue(" "),
      parseDateValue(null),
      parseDateValue(Number.NaN),
      parseDateValue({}),
    ]).toEqual([null, null, null, null, null]);
  });
});
