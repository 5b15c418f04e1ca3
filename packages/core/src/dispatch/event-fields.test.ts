// Unit tests for what the dispatcher reads out of an event (no I/O).
import type { EventRow } from "@mailstream/db/queries/events";
import { describe, expect, it } from "vitest";
import { emailFromEvent, filterSubject, timezoneFromEvent } from "./event-fields";

const base = { properties: {}, traits: {}, context: {} };

describe("emailFromEvent", () => {
  it("identify reads traits.email only", () => {
    expect(emailFromEvent({ ...base, type: "identify", traits: { email: " ada@mailstream.test " } })).toBe(
      "ada@mailstream.test",
    );
    expect(emailFromEvent({ ...base, type: "identify", properties: { email: "x@mailstream.test" } })).toBeNull();
  });
  it("track prefers properties.email, then traits.email, and skips non-addresses", () => {
    expect(
      emailFromEvent({
        type: "track",
        properties: { email: "p@mailstream.test" },
        traits: { email: "t@mailstream.test" },
      }),
    ).toBe("p@mailstream.test");
    expect(
      emailFromEvent({
        type: "track",
        properties: { email: "not an address" },
        traits: { email: "t@mailstream.test" },
      }),
    ).toBe("t@mailstream.test");
    expect(emailFromEvent({ type: "track", properties: { email: 5 }, traits: {} })).toBeNull();
  });
});

describe("timezoneFromEvent", () => {
  it("keeps IANA zones and drops anything else", () => {
    expect(timezoneFromEvent({ context: { timezone: "America/New_York" } })).toBe("America/New_York");
    expect(timezoneFromEvent({ context: { timezone: "Mars/Olympus" } })).toBeNull();
    expect(timezoneFromEvent({ context: {} })).toBeNull();
  });
});

describe("filterSubject", () => {
  it("exposes the fields filter paths address", () => {
    const event = {
      ...base,
      seq: 1,
      id: "e",
      workspaceId: "w",
      messageId: "m",
      type: "track",
      userId: "u",
      anonymousId: null,
      event: "signed_up",
      properties: { plan: "pro" },
      timestamp: new Date("2024-05-01T00:00:00.000Z"),
      receivedAt: new Date(),
      dispatchedAt: null,
    } satisfies EventRow;
    expect(filterSubject(event)).toMatchObject({
      event: "signed_up",
      userId: "u",
      properties: { plan: "pro" },
      timestamp: "2024-05-01T00:00:00.000Z",
    });
  });
});
