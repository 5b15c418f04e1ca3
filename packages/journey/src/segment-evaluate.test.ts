import { describe, expect, it } from "vitest";
import type { SegmentDefinition, SegmentPredicate } from "./segment-definition";
import {
  evaluateSegment,
  evaluateSegmentPredicate,
  isDefinitionTouchedBy,
  isTimeBasedDefinition,
  orderByDependencies,
  segmentDataNeeds,
  withDependants,
  type SegmentContactData,
} from "./segment-evaluate";

const now = new Date("2026-01-10T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const data = (over: Partial<SegmentContactData> = {}): SegmentContactData => ({
  traits: {},
  email: null,
  events: [],
  engagements: [],
  computedTraits: {},
  memberOf: new Set(),
  ...over,
});
const one = (p: SegmentPredicate): SegmentDefinition => ({ match: "all", groups: [{ match: "all", predicates: [p] }] });
const viewed = (days: number, sku = "a") => ({ event: "viewed", properties: { sku }, timestamp: daysAgo(days) });

describe("evaluateSegmentPredicate", () => {
  it("trait comparisons, including the email address", () => {
    const contact = data({ traits: { plan: "pro", seats: 5 }, email: "x@example.test" });
    expect(evaluateSegmentPredicate({ type: "trait", path: "plan", op: "eq", value: "pro" }, contact, now)).toBe(true);
    expect(evaluateSegmentPredicate({ type: "trait", path: "seats", op: "gt", value: 10 }, contact, now)).toBe(false);
    expect(
      evaluateSegmentPredicate({ type: "trait", path: "email", op: "contains", value: "@example.test" }, contact, now),
    ).toBe(true);
  });

  it("event counts within a window, with property filters", () => {
    const contact = data({ events: [viewed(1), viewed(2, "b"), viewed(3), viewed(9)] });
    const count = (
      comparison: "at_least" | "at_most" | "exactly",
      n: number,
      filters = [] as { path: string; op: "eq"; value: string }[],
    ) =>
      evaluateSegmentPredicate(
        { type: "event_count", event: "viewed", filters, comparison, count: n, within: { amount: 7, unit: "days" } },
        contact,
        now,
      );
    expect(count("exactly", 3)).toBe(true);
    expect(count("at_least", 4)).toBe(false);
    expect(count("at_most", 3)).toBe(true);
    expect(count("exactly", 2, [{ path: "properties.sku", op: "eq", value: "a" }])).toBe(true);
  });

  it("not performed within a window, or ever", () => {
    const contact = data({ events: [viewed(9)] });
    expect(
      evaluateSegmentPredicate(
        { type: "not_performed", event: "viewed", filters: [], within: { amount: 7, unit: "days" } },
        contact,
        now,
      ),
    ).toBe(true);
    expect(
      evaluateSegmentPredicate({ type: "not_performed", event: "viewed", filters: [], within: null }, contact, now),
    ).toBe(false);
    expect(
      evaluateSegmentPredicate({ type: "not_performed", event: "purchase", filters: [], within: null }, contact, now),
    ).toBe(true);
  });

  it("email engagement within a window; a click counts as an open", () => {
    const contact = data({ engagements: [{ type: "clicked", occurredAt: daysAgo(2) }] });
    expect(
      evaluateSegmentPredicate(
        { type: "email_engagement", action: "opened", within: { amount: 3, unit: "days" } },
        contact,
        now,
      ),
    ).toBe(true);
    expect(
      evaluateSegmentPredicate(
        { type: "email_engagement", action: "clicked", within: { amount: 1, unit: "days" } },
        contact,
        now,
      ),
    ).toBe(false);
    expect(
      evaluateSegmentPredicate(
        { type: "email_engagement", action: "opened", within: { amount: 3, unit: "days" } },
        data({ engagements: [{ type: "opened", occurredAt: daysAgo(1) }] }),
        now,
      ),
    ).toBe(true);
  });

  it("computed trait values by key", () => {
    const contact = data({ computedTraits: { lifetime_value: 250, orders: 3 } });
    expect(
      evaluateSegmentPredicate({ type: "computed_trait", key: "lifetime_value", op: "gt", value: 100 }, contact, now),
    ).toBe(true);
    expect(evaluateSegmentPredicate({ type: "computed_trait", key: "orders", op: "eq", value: 2 }, contact, now)).toBe(
      false,
    );
    expect(evaluateSegmentPredicate({ type: "computed_trait", key: "missing", op: "exists" }, contact, now)).toBe(
      false,
    );
    expect(segmentDataNeeds([one({ type: "computed_trait", key: "orders", op: "exists" })]).computedTraits).toBe(true);
    expect(
      isDefinitionTouchedBy(one({ type: "computed_trait", key: "orders", op: "exists" }), {
        eventName: "order_completed",
        traitsChanged: false,
      }),
    ).toBe(true);
  });

  it("membership of another segment, either way", () => {
    const contact = data({ memberOf: new Set(["s1"]) });
    expect(evaluateSegmentPredicate({ type: "segment", segmentId: "s1", isMember: true }, contact, now)).toBe(true);
    expect(evaluateSegmentPredicate({ type: "segment", segmentId: "s1", isMember: false }, contact, now)).toBe(false);
    expect(evaluateSegmentPredicate({ type: "segment", segmentId: "s2", isMember: false }, contact, now)).toBe(true);
  });
});

describe("evaluateSegment", () => {
  it("combines groups with AND/OR", () => {
    const pro = { type: "trait", path: "plan", op: "eq", value: "pro" } as const;
    const us = { type: "trait", path: "country", op: "eq", value: "US" } as const;
    const contact = data({ traits: { plan: "pro", country: "FR" } });
    expect(evaluateSegment({ match: "all", groups: [{ match: "all", predicates: [pro, us] }] }, contact, now)).toBe(
      false,
    );
    expect(evaluateSegment({ match: "all", groups: [{ match: "any", predicates: [pro, us] }] }, contact, now)).toBe(
      true,
    );
    expect(
      evaluateSegment(
        {
          match: "any",
          groups: [
            { match: "all", predicates: [us] },
            { match: "all", predicates: [pro] },
          ],
        },
        contact,
        now,
      ),
    ).toBe(true);
    expect(evaluateSegment({ match: "all", groups: [] }, contact, now)).toBe(false);
  });
});

describe("needs, touches and ordering", () => {
  const week = { amount: 7, unit: "days" } as const;
  it("collects the widest window per event, ever wins", () => {
    const needs = segmentDataNeeds([
      one({
        type: "event_count",
        event: "viewed",
        filters: [],
        comparison: "at_least",
        count: 1,
        within: { amount: 1, unit: "days" },
      }),
      one({ type: "event_count", event: "viewed", filters: [], comparison: "at_least", count: 1, within: week }),
      one({ type: "not_performed", event: "purchase", filters: [], within: null }),
      one({ type: "event_count", event: "purchase", filters: [], comparison: "at_least", count: 1, within: week }),
      one({ type: "email_engagement", action: "opened", within: week }),
      one({ type: "segment", segmentId: "s", isMember: true }),
    ]);
    expect([...needs.events]).toEqual([
      ["viewed", 7 * 86_400_000],
      ["purchase", null],
    ]);
    expect(needs.engagementMs).toBe(7 * 86_400_000);
    expect([...needs.segmentIds]).toEqual(["s"]);
  });

  it("knows what can change a definition and whether time alone can", () => {
    const active = one({
      type: "event_count",
      event: "login",
      filters: [],
      comparison: "at_least",
      count: 1,
      within: week,
    });
    const pro = one({ type: "trait", path: "plan", op: "eq", value: "pro" });
    expect(isDefinitionTouchedBy(active, { eventName: "login", traitsChanged: false })).toBe(true);
    expect(isDefinitionTouchedBy(active, { eventName: "page", traitsChanged: true })).toBe(false);
    expect(isDefinitionTouchedBy(pro, { eventName: null, traitsChanged: true })).toBe(true);
    expect(isTimeBasedDefinition(active)).toBe(true);
    expect(isTimeBasedDefinition(pro)).toBe(false);
    expect(isTimeBasedDefinition(one({ type: "not_performed", event: "x", filters: [], within: null }))).toBe(false);
  });

  it("orders dependencies first and finds dependants transitively", () => {
    const a = { id: "a", definition: one({ type: "segment", segmentId: "b", isMember: true }) };
    const b = { id: "b", definition: one({ type: "segment", segmentId: "c", isMember: true }) };
    const c = { id: "c", definition: one({ type: "trait", path: "x", op: "exists" }) };
    const d = { id: "d", definition: one({ type: "trait", path: "y", op: "exists" }) };
    expect(orderByDependencies([a, b, c, d]).map((s) => s.id)).toEqual(["c", "b", "a", "d"]);
    expect(withDependants([a, b, c, d], new Set(["c"])).map((s) => s.id)).toEqual(["c", "b", "a"]);
  });
});
