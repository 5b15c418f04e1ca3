import { describe, expect, it } from "vitest";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { describeStep, type RunStep } from "./step-details";

const graph: JourneyGraph = {
  nodes: [
    {
      id: "b",
      position: { x: 0, y: 0 },
      data: {
        kind: "branch",
        condition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
        },
        cases: [
          {
            id: "case-1",
            name: "VIP",
            condition: {
              match: "all",
              groups: [
                { match: "all", predicates: [{ type: "trigger", path: "properties.total", op: "gt", value: 100 }] },
              ],
            },
          },
        ],
      },
    },
    {
      id: "y",
      position: { x: 0, y: 0 },
      data: {
        kind: "branch",
        condition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
        },
      },
    },
  ],
  edges: [],
};

const step = (patch: Partial<RunStep>): RunStep => ({
  seq: 1,
  nodeId: "x",
  kind: "wait",
  outcome: "waiting",
  detail: {},
  at: "2026-01-01T00:00:00Z",
  ...patch,
});

describe("describeStep", () => {
  it("names each branch predicate as the canvas does, with the value read", () => {
    const lines = describeStep(
      step({
        nodeId: "y",
        kind: "branch",
        outcome: "no",
        detail: { predicates: [{ type: "trait", result: false, input: "free" }] },
      }),
      graph,
    );
    expect(lines).toEqual(["condition did not hold → no", '✗ plan = "pro" — read "free"']);
  });

  it("lists every case evaluated, by name, and the case taken", () => {
    const detail = {
      cases: [{ caseId: "case-1", predicates: [{ type: "trigger", result: true, input: "properties.total" }] }],
    };
    expect(describeStep(step({ nodeId: "b", kind: "branch", outcome: "case-1", detail }), graph)).toEqual([
      'took case "VIP"',
      'VIP: ✓ properties.total > 100 — read "properties.total"',
    ]);
    expect(describeStep(step({ nodeId: "b", kind: "branch", outcome: "else", detail: { cases: [] } }), graph)[0]).toBe(
      "took else (no case held)",
    );
  });

  it("shows the split bucket, wait outcomes and why a send was deferred", () => {
    expect(describeStep(step({ kind: "split", outcome: "b", detail: { bucket: 73 } }), graph)).toEqual([
      "bucket 73 → variant b",
    ]);
    const routed = {
      bucket: 12,
      routedBy: "winner",
      hashedVariantId: "a",
      winner: { variantId: "b", source: "automatic", declaredAt: "2026-12-04T03:10:00.000Z" },
    };
    expect(describeStep(step({ kind: "split", outcome: "b", detail: routed }), graph)).toEqual([
      "routed to the winner, variant b (declared automatically on 2026-12-04 03:10 UTC); the hash alone gave variant a (bucket 12)",
    ]);
    expect(describeStep(step({ detail: { event: "checkout", timeoutMs: 3_600_000 } }), graph)).toEqual([
      "waiting for checkout (timeout 1 hour)",
    ]);
    expect(describeStep(step({ outcome: "timed_out", detail: { timeoutMs: 5000 } }), graph)).toEqual([
      "no matching event within 5 seconds",
    ]);
    expect(
      describeStep(
        step({
          kind: "email",
          outcome: "deferred",
          detail: { rule: "quiet_hours", until: "2026-01-01T08:00:00.000Z", reason: "quiet hours 21:00–08:00 (UTC)" },
        }),
        graph,
      ),
    ).toEqual(["deferred by quiet hours until 2026-01-01 08:00:00 UTC", "quiet hours 21:00–08:00 (UTC)"]);
  });

  it("tells a pause in the tense of its state: waiting, over, or cut short", () => {
    const pause = (state: RunStep["state"], detail: Record<string, unknown>) =>
      describeStep(step({ outcome: "waiting", detail, state }), graph);
    expect(pause("waiting", { durationMs: 20_000 })).toEqual(["pausing for 20 seconds"]);
    expect(pause("done", { durationMs: 20_000 })).toEqual(["paused for 20 seconds"]);
    expect(pause("done", { event: "checkout", timeoutMs: 3_600_000 })).toEqual([
      "waited for checkout (timeout 1 hour)",
    ]);
    expect(pause("cut_short", { durationMs: 20_000 })).toEqual([
      "pausing for 20 seconds: cut short when the run ended",
    ]);
  });

  it("says why a send was suppressed", () => {
    const suppressed = (detail: Record<string, unknown>) =>
      describeStep(
        step({ kind: "email", outcome: "suppressed", detail: { templateId: "t", messageId: "m", ...detail } }),
        graph,
      );
    expect(suppressed({ reason: "address suppressed (manual)" })).toEqual(["not sent: address suppressed (manual)"]);
    expect(suppressed({})).toEqual(["not sent: address suppressed"]);
  });

  it("names the event a run entered on", () => {
    expect(
      describeStep(step({ kind: "trigger", outcome: "entered", detail: { event: "signed_up", eventId: "e1" } }), graph),
    ).toEqual(["entered on signed_up (event e1)"]);
  });

  it("survives details it does not know", () => {
    expect(describeStep(step({ kind: "something_new", outcome: "ok", detail: { a: 1 } }), undefined)).toEqual([
      '{"a":1}',
    ]);
    expect(describeStep(step({ kind: "branch", outcome: "yes", detail: null }), undefined)).toEqual([
      "condition held → yes",
    ]);
  });
});
