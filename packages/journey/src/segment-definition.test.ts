import { describe, expect, it } from "vitest";
import {
  validateSegmentDefinition,
  ZSegmentDefinitionSchema,
  type SegmentDefinition,
  type SegmentPredicate,
} from "./segment-definition";

const one = (p: SegmentPredicate): SegmentDefinition => ({ match: "all", groups: [{ match: "all", predicates: [p] }] });
const noSegments = { segments: new Map() };
const messages = (definition: SegmentDefinition, ctx: Parameters<typeof validateSegmentDefinition>[1] = noSegments) =>
  validateSegmentDefinition(definition, ctx).map((issue) =>
    issue.where ? `${issue.where}: ${issue.message}` : issue.message,
  );

describe("segment definition schema", () => {
  it("fills defaults: filters, not_performed ever, membership", () => {
    const parsed = ZSegmentDefinitionSchema.parse({
      match: "any",
      groups: [
        {
          match: "all",
          predicates: [
            { type: "not_performed", event: "purchase" },
            { type: "segment", segmentId: "s" },
          ],
        },
      ],
    });
    expect(parsed.groups[0]?.predicates).toEqual([
      { type: "not_performed", event: "purchase", filters: [], within: null },
      { type: "segment", segmentId: "s", isMember: true },
    ]);
  });

  it("rejects an unknown predicate type", () => {
    expect(
      ZSegmentDefinitionSchema.safeParse({
        match: "all",
        groups: [{ match: "all", predicates: [{ type: "trigger" }] }],
      }).success,
    ).toBe(false);
  });
});

describe("validateSegmentDefinition", () => {
  it("accepts a complete definition", () => {
    const def: SegmentDefinition = {
      match: "all",
      groups: [
        { match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] },
        {
          match: "any",
          predicates: [
            {
              type: "event_count",
              event: "viewed",
              filters: [],
              comparison: "at_least",
              count: 3,
              within: { amount: 7, unit: "days" },
            },
            { type: "not_performed", event: "purchase", filters: [], within: null },
            { type: "email_engagement", action: "clicked", within: { amount: 30, unit: "days" } },
          ],
        },
      ],
    };
    expect(messages(def)).toEqual([]);
  });

  it("names empty definitions and groups", () => {
    expect(messages({ match: "all", groups: [] })).toEqual(["A segment needs at least one rule"]);
    const def: SegmentDefinition = {
      match: "all",
      groups: [
        { match: "all", predicates: [{ type: "trait", path: "a", op: "exists" }] },
        { match: "all", predicates: [] },
      ],
    };
    expect(messages(def)).toEqual(["group 2: this group has no rules; add one or remove the group"]);
  });

  it("names each bad rule", () => {
    expect(messages(one({ type: "trait", path: " ", op: "eq" }))).toEqual([
      "group 1, rule 1: choose a trait name",
      "group 1, rule 1: enter a value to compare the trait with",
    ]);
    expect(
      messages(
        one({
          type: "event_count",
          event: "",
          filters: [{ path: "", op: "eq" }],
          comparison: "exactly",
          count: 1.5,
          within: { amount: 0, unit: "days" },
        }),
      ),
    ).toEqual([
      "group 1, rule 1: choose an event name",
      "group 1, rule 1: the count must be a whole number ≥ 0 (got 1.5)",
      "group 1, rule 1: the time window must be positive (got 0 days)",
      "group 1, rule 1: property filter 1 needs a property path",
      "group 1, rule 1: property filter 1 needs a value to compare with",
    ]);
    expect(
      messages(one({ type: "email_engagement", action: "opened", within: { amount: 400, unit: "days" } })),
    ).toEqual(["group 1, rule 1: the time window must be at most 366 days (got 400 days)"]);
  });

  it("checks computed trait keys when the workspace's keys are known", () => {
    const rule = one({ type: "computed_trait", key: "ltv", op: "gt", value: 10 });
    expect(messages(rule)).toEqual([]);
    expect(messages(rule, { segments: new Map(), computedTraitKeys: new Set(["orders"]) })).toEqual([
      'group 1, rule 1: computed trait "ltv" does not exist; define it under Contacts → Computed traits',
    ]);
    expect(messages(one({ type: "computed_trait", key: "", op: "gt" }))).toEqual([
      "group 1, rule 1: choose a computed trait",
      "group 1, rule 1: enter a value to compare the computed trait with",
    ]);
  });

  it("rejects missing, unknown and self references", () => {
    expect(messages(one({ type: "segment", segmentId: "", isMember: true }))).toEqual([
      "group 1, rule 1: choose a segment",
    ]);
    expect(messages(one({ type: "segment", segmentId: "nope", isMember: true }))).toEqual([
      'group 1, rule 1: segment "nope" does not exist; choose another',
    ]);
    expect(
      messages(one({ type: "segment", segmentId: "me", isMember: true }), { segmentId: "me", segments: new Map() }),
    ).toEqual(["group 1, rule 1: a segment cannot refer to itself"]);
  });

  it("rejects a reference that closes a cycle, naming the path", () => {
    const segments = new Map([
      ["b", { name: "B", definition: one({ type: "segment", segmentId: "c", isMember: true }) }],
      ["c", { name: "C", definition: one({ type: "segment", segmentId: "a", isMember: false }) }],
      ["d", { name: "D", definition: one({ type: "trait", path: "x", op: "exists" }) }],
    ]);
    expect(messages(one({ type: "segment", segmentId: "b", isMember: true }), { segmentId: "a", segments })).toEqual([
      'group 1, rule 1: segment "B" depends on this segment (this segment → "B" → "C" → this segment); that would be a cycle',
    ]);
    expect(messages(one({ type: "segment", segmentId: "d", isMember: true }), { segmentId: "a", segments })).toEqual(
      [],
    );
  });
});
