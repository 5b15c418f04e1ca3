import { describe, expect, it } from "vitest";
import { compileGraph } from "./compile";
import { buildAbandonedCartGraph } from "./fixtures";
import { waitedEventNames } from "./plan";
import {
  ZSplitAutoWinnerSchema,
  type JourneyEdge,
  type JourneyGraph,
  type JourneyNode,
  type NodeData,
  type Predicate,
} from "./schema";
import { validateGraph, type ValidationIssue } from "./validate";

const n = (id: string, data: NodeData): JourneyNode => ({ id, position: { x: 0, y: 0 }, data });
const e = (source: string, target: string, sourceHandle: string | null = null): JourneyEdge => ({
  id: `${source}:${sourceHandle ?? ""}->${target}`,
  source,
  target,
  sourceHandle,
});
const trigger = n("trigger", { kind: "trigger", event: "signed_up", filters: [] });
const exit = n("exit", { kind: "exit" });
const codes = (issues: ValidationIssue[]) => issues.map((issue) => [issue.code, issue.nodeId]);

/** trigger → node → exit for single-outlet kinds. */
function chain(data: NodeData): JourneyGraph {
  return { nodes: [trigger, n("x", data), exit], edges: [e("trigger", "x"), e("x", "exit")] };
}
const day = { amount: 1, unit: "days" } as const;

describe("wait modes", () => {
  it("compiles until_time with the journey's fallback zone", () => {
    const result = compileGraph(
      chain({ kind: "wait", mode: "until_time", duration: day, untilTime: { time: "09:00", weekdays: ["mon"] } }),
      { fallbackTimeZone: "Europe/Paris" },
    );
    expect(result).toMatchObject({
      ok: true,
      plan: {
        steps: {
          x: {
            kind: "wait_until_time",
            time: "09:00",
            weekdays: ["mon"],
            fallbackTimeZone: "Europe/Paris",
            next: "exit",
          },
        },
      },
    });
  });

  it("rejects a bad time and an unknown fallback zone", () => {
    const issues = validateGraph(
      chain({ kind: "wait", mode: "until_time", duration: day, untilTime: { time: "9am", weekdays: [] } }),
      { fallbackTimeZone: "Nowhere/Land" },
    );
    expect(codes(issues)).toEqual([
      ["wait_invalid_time", "x"],
      ["invalid_time_zone", "x"],
    ]);
    expect(issues[0]?.message).toBe('Wait node "x" needs a time of day as HH:MM (24h), e.g. 09:00 (got "9am")');
  });

  it("compiles until_best_time with its fallback time and zone, and refuses a bad fallback time", () => {
    const graph = chain({
      kind: "wait",
      mode: "until_best_time",
      duration: day,
      untilBestTime: { fallbackTime: "10:30" },
    });
    expect(compileGraph(graph, { fallbackTimeZone: "Asia/Tokyo" })).toMatchObject({
      ok: true,
      plan: {
        steps: {
          x: { kind: "wait_until_best_time", fallbackTime: "10:30", fallbackTimeZone: "Asia/Tokyo", next: "exit" },
        },
      },
    });
    const issues = validateGraph(
      chain({ kind: "wait", mode: "until_best_time", duration: day, untilBestTime: { fallbackTime: "25:00" } }),
    );
    expect(codes(issues)).toEqual([["wait_invalid_time", "x"]]);
    expect(issues[0]?.message).toContain(
      'needs a fallback time of day as HH:MM (24h), for contacts without enough history (got "25:00")',
    );
    expect(codes(validateGraph(chain({ kind: "wait", mode: "until_best_time", duration: day })))).toEqual([
      ["wait_invalid_time", "x"],
    ]);
  });

  it("compiles until_date with a signed offset and requires the path", () => {
    const graph = chain({
      kind: "wait",
      mode: "until_date",
      duration: day,
      untilDate: { source: "trait", path: "renewal_at", offset: { amount: -2, unit: "days" } },
    });
    expect(compileGraph(graph)).toMatchObject({
      ok: true,
      plan: { steps: { x: { kind: "wait_until_date", source: "trait", path: "renewal_at", offsetMs: -172_800_000 } } },
    });
    const missing = chain({
      kind: "wait",
      mode: "until_date",
      duration: day,
      untilDate: { source: "trait", path: " ", offset: day },
    });
    expect(codes(validateGraph(missing))).toEqual([["wait_missing_date_path", "x"]]);
  });

  it("caps offsets and timeouts at 365 days and refuses to compile them, naming the step", () => {
    const offset = chain({
      kind: "wait",
      mode: "until_date",
      duration: day,
      untilDate: { source: "trait", path: "renewal_at", offset: { amount: -366, unit: "days" } },
    });
    expect(compileGraph(offset)).toEqual({
      ok: false,
      issues: [
        {
          nodeId: "x",
          code: "wait_invalid_duration",
          message: 'Wait node "x": the date offset must be at most 365 days (got -366 days)',
        },
      ],
    });
    const timeout = chain({
      kind: "wait",
      mode: "until_event",
      duration: day,
      untilEvent: { event: "paid", filters: [], matchOnEntryKey: false, timeout: { amount: 1.5, unit: "seconds" } },
    });
    const issues = validateGraph(timeout).filter((issue) => issue.code === "wait_invalid_timeout");
    expect(issues.map((issue) => issue.message)).toEqual([
      'Wait node "x": the timeout must be a whole number of seconds (got 1.5 seconds)',
    ]);
  });

  it("checks only the active mode's duration: a bad pause kept by an until-time wait is not a problem", () => {
    const graph = chain({
      kind: "wait",
      mode: "until_time",
      duration: { amount: -1, unit: "days" },
      untilTime: { time: "09:00", weekdays: [] },
    });
    expect(validateGraph(graph)).toEqual([]);
  });

  it("gives until_event two outlets that must both connect", () => {
    const data: NodeData = {
      kind: "wait",
      mode: "until_event",
      duration: day,
      untilEvent: { event: "checkout", filters: [], matchOnEntryKey: false, timeout: { amount: 0, unit: "hours" } },
    };
    const graph: JourneyGraph = {
      nodes: [trigger, n("x", data), exit],
      edges: [e("trigger", "x"), e("x", "exit", "matched")],
    };
    const issues = validateGraph(graph);
    expect(codes(issues)).toEqual([
      ["wait_invalid_timeout", "x"],
      ["dead_end", "x"],
    ]);
    expect(issues[1]?.message).toBe(
      'Wait node "x" has nothing connected to its "timed_out" outlet; connect it to another node or an Exit',
    );
    // A plain outlet is not one of its outlets.
    expect(codes(validateGraph({ ...graph, edges: [...graph.edges, e("x", "exit")] }))).toContainEqual([
      "unknown_outlet",
      "x",
    ]);
  });

  it("compiles the abandoned-cart journey (until_event → branch → split → emails)", () => {
    const result = compileGraph(buildAbandonedCartGraph({ reminderA: "tpl_a", reminderB: "tpl_b" }));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plan.steps["wait-checkout"]).toEqual({
      kind: "wait_until_event",
      id: "wait-checkout",
      event: "checkout",
      filters: [],
      matchOnEntryKey: false,
      timeoutMs: 3_600_000,
      matched: "exit-purchased",
      timedOut: "branch-value",
    });
    expect(result.plan.steps["branch-value"]).toMatchObject({ kind: "branch", yes: "split-reminder", no: "exit" });
    expect(result.plan.steps["split-reminder"]).toEqual({
      kind: "split",
      id: "split-reminder",
      holdoutPercent: 0,
      variants: [
        { id: "a", weight: 50, next: "email-a" },
        { id: "b", weight: 50, next: "email-b" },
      ],
    });
    expect(Object.keys(result.plan.steps)).toHaveLength(7);
    expect(waitedEventNames(result.plan)).toEqual(["checkout"]);
  });
});

describe("branch", () => {
  const branch = (predicates: Predicate[]) =>
    ({
      nodes: [
        trigger,
        n("email-1", { kind: "email", templateId: "t" }),
        n("b", { kind: "branch", condition: { match: "any", groups: [{ match: "all", predicates }] } }),
        exit,
      ],
      edges: [e("trigger", "email-1"), e("email-1", "b"), e("b", "exit", "yes"), e("b", "exit", "no")],
    }) satisfies JourneyGraph;

  it("compiles every predicate type with windows in ms", () => {
    const result = compileGraph(
      branch([
        { type: "trait", path: "plan", op: "eq", value: "pro" },
        { type: "trigger", path: "properties.total", op: "gt", value: 50 },
        {
          type: "event_count",
          event: "viewed_product",
          filters: [],
          comparison: "at_least",
          count: 3,
          within: { amount: 1, unit: "hours" },
        },
        { type: "not_performed_since_entry", event: "purchase", filters: [] },
        { type: "email_engagement", nodeId: "email-1", action: "opened" },
      ]),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plan.steps.b).toMatchObject({ kind: "branch", yes: "exit", no: "exit", condition: { match: "any" } });
    const step = result.plan.steps.b;
    if (step?.kind !== "branch") throw new Error("not a branch");
    expect(step.condition.groups[0]?.predicates[2]).toEqual({
      type: "event_count",
      event: "viewed_product",
      filters: [],
      comparison: "at_least",
      count: 3,
      withinMs: 3_600_000,
    });
  });

  it("names each broken rule", () => {
    const issues = validateGraph(
      branch([
        { type: "trait", path: "plan", op: "eq" },
        {
          type: "event_count",
          event: "",
          filters: [],
          comparison: "exactly",
          count: 1.5,
          within: { amount: 0, unit: "hours" },
        },
        { type: "email_engagement", nodeId: "nope", action: "clicked" },
      ]),
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'Branch node "b": group 1, rule 1 on "plan" (eq) needs a value',
      'Branch node "b": group 1, rule 2 needs an event name',
      'Branch node "b": group 1, rule 2 needs a whole number of times (got 1.5)',
      'Branch node "b": group 1, rule 2 needs a positive time window',
      'Branch node "b": group 1, rule 3 refers to "nope", which is not an Email node of this journey',
    ]);
  });

  it("requires a condition and both outlets", () => {
    const graph = branch([]);
    graph.edges = graph.edges.filter((edge) => edge.sourceHandle !== "no");
    expect(codes(validateGraph(graph))).toEqual([
      ["condition_empty", "b"],
      ["dead_end", "b"],
    ]);
  });
});

describe("split, webhook, update contact", () => {
  it("rejects weights that do not add up, duplicate ids and a 100% hold-out", () => {
    const graph: JourneyGraph = {
      nodes: [
        trigger,
        n("s", {
          kind: "split",
          variants: [
            { id: "a", name: "A", weight: 60 },
            { id: "a", name: "A2", weight: 60 },
          ],
          holdoutPercent: 100,
        }),
        exit,
      ],
      edges: [e("trigger", "s"), e("s", "exit", "a")],
    };
    expect(validateGraph(graph).map((issue) => issue.message)).toEqual([
      'Split node "s" has two variants with the id "a"',
      'Split node "s": variant weights must add up to 100 (they add up to 120)',
      'Split node "s": the hold-out share must be from 0 to less than 100 percent (got 100)',
    ]);
  });

  it("checks the automatic winner's settings, naming the node, and compiles them into the plan", () => {
    const split = (autoWinner: Record<string, unknown>) =>
      n("s", {
        kind: "split",
        variants: [
          { id: "a", name: "A", weight: 50 },
          { id: "b", name: "B", weight: 50 },
        ],
        holdoutPercent: 10,
        autoWinner: ZSplitAutoWinnerSchema.parse(autoWinner),
      });
    const graph = (autoWinner: Record<string, unknown>): JourneyGraph => ({
      nodes: [trigger, split(autoWinner), exit],
      edges: [e("trigger", "s"), e("s", "exit", "a"), e("s", "exit", "b")],
    });
    expect(
      validateGraph(graph({ enabled: true, confidence: 0.5, minSamplePerArm: 3 })).map((issue) => issue.message),
    ).toEqual([
      'Split node "s": automatic winner compares goal conversion, but the journey has no goal; set one in the journey settings or pick open or click rate',
      'Split node "s": automatic winner: confidence must be from 80% to 99.9% (got 50%)',
      'Split node "s": automatic winner: the minimum sample per variant must be a whole number of at least 10 (got 3)',
    ]);
    // Off (the default) is never checked.
    expect(validateGraph(graph({ enabled: false, confidence: 0.5 }))).toEqual([]);
    const ok = compileGraph(graph({ enabled: true, metric: "click_rate", confidence: 0.9, minSamplePerArm: 50 }));
    expect(ok).toMatchObject({
      ok: true,
      plan: {
        steps: {
          s: {
            kind: "split",
            autoWinner: {
              enabled: true,
              metric: "click_rate",
              confidence: 0.9,
              minSamplePerArm: 50,
              guardrails: { mode: "relative", maxIncrease: 0.25 },
            },
          },
        },
      },
    });
    const off = compileGraph(graph({ enabled: false }));
    expect(off.ok && off.plan.steps.s).not.toHaveProperty("autoWinner");
  });

  it("compiles a webhook and rejects a relative URL and a bad header name", () => {
    const ok = compileGraph(
      chain({
        kind: "webhook",
        method: "POST",
        url: "https://example.test/hook",
        headers: [{ name: "X-Key", value: "1" }],
        body: '{"email":"{{ contact.email }}"}',
      }),
    );
    expect(ok).toMatchObject({
      ok: true,
      plan: { steps: { x: { kind: "webhook", method: "POST", url: "https://example.test/hook", next: "exit" } } },
    });
    const bad = validateGraph(
      chain({ kind: "webhook", method: "GET", url: "/hook", headers: [{ name: "Bad Name", value: "" }], body: "" }),
    );
    expect(codes(bad)).toEqual([
      ["webhook_invalid_url", "x"],
      ["webhook_invalid_header", "x"],
    ]);
  });

  it("compiles trait updates and rejects empty, identifying or mistyped ones", () => {
    const ok = compileGraph(
      chain({
        kind: "update_contact",
        updates: [
          { op: "set", trait: "stage", value: "{{ event.properties.stage }}", as: "text" },
          { op: "unset", trait: "cart" },
        ],
      }),
    );
    expect(ok).toMatchObject({
      ok: true,
      plan: {
        steps: {
          x: {
            kind: "update_contact",
            updates: [
              { op: "set", trait: "stage", as: "text" },
              { op: "unset", trait: "cart" },
            ],
          },
        },
      },
    });
    expect(codes(validateGraph(chain({ kind: "update_contact", updates: [] })))).toEqual([["update_empty", "x"]]);
    const bad = validateGraph(
      chain({
        kind: "update_contact",
        updates: [
          { op: "unset", trait: "email" },
          { op: "set", trait: "score", value: "lots", as: "number" },
        ],
      }),
    );
    expect(codes(bad)).toEqual([
      ["update_invalid_trait", "x"],
      ["update_invalid_value", "x"],
    ]);
  });
});

describe("segment references", () => {
  const segmentTrigger = n("trigger", {
    kind: "trigger",
    source: "segment",
    event: "",
    filters: [],
    segmentId: "seg-1",
  });
  const graph: JourneyGraph = { nodes: [segmentTrigger, exit], edges: [e("trigger", "exit")] };

  it("rejects a segment trigger when the workspace's segments are unknown or do not include it", () => {
    expect(codes(validateGraph(graph))).toEqual([["unknown_segment", "trigger"]]);
    expect(codes(validateGraph(graph, { segmentIds: new Set(["other"]) }))).toEqual([["unknown_segment", "trigger"]]);
  });

  it("accepts a segment trigger naming an existing segment, without an event name", () => {
    expect(validateGraph(graph, { segmentIds: new Set(["seg-1"]) })).toEqual([]);
  });

  it("rejects a segment predicate without a segment", () => {
    const branch = n("x", {
      kind: "branch",
      condition: {
        match: "all",
        groups: [{ match: "all", predicates: [{ type: "segment", segmentId: "", isMember: true }] }],
      },
    });
    const issues = validateGraph(
      { nodes: [trigger, branch, exit], edges: [e("trigger", "x"), e("x", "exit", "yes"), e("x", "exit", "no")] },
      { segmentIds: new Set() },
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'Branch node "x": group 1, rule 1 needs a segment; choose one',
    ]);
  });
});
