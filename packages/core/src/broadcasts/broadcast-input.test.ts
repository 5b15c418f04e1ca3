import { describe, expect, it } from "vitest";
import { ZBroadcastDraftSchema } from "./broadcast-input";

// Only the quiet hours' zone here; the draft's other fields are covered through the router.
const quietHours = (hours: Record<string, unknown>) =>
  ZBroadcastDraftSchema.shape.quietHours.safeParse({ start: "21:00", end: "08:00", ...hours });

describe("a broadcast's quiet hours", () => {
  it("carry the zone for contacts without one: UTC unless chosen, an IANA name when chosen", () => {
    expect(quietHours({}).data).toEqual({ start: "21:00", end: "08:00", timeZone: "UTC" });
    expect(quietHours({ timeZone: "Asia/Tokyo" }).data?.timeZone).toBe("Asia/Tokyo");
    expect(quietHours({ timeZone: "Mars/Olympus" }).error?.issues[0]?.message).toBe(
      "the quiet hours' time zone must be an IANA time zone such as Europe/Paris",
    );
  });
});
