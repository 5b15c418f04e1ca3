import { describe, expect, it } from "vitest";
import { compileGraph } from "./compile";
import type { BranchCase, JourneyEdge, JourneyGraph, JourneyNode, JourneySettings, NodeData } from "./schema";
import { DEFAULT_JOURNEY_SETTINGS } from "./schema";
import { validateGraph, type ValidationIssue } from "./validate";

const n = (id: string, data: NodeData): JourneyNode => ({ id, position: { x: 0, y: 0 }, data });
const e = (source: string, target: string, sourceHandle: string | null = null): JourneyEdge => ({
  id: `${source}:${sourceHandle ?? ""}->${target}`,
  source,
  target,
  sourceHandle,
});
const trigger = n("trigger", { kind: "trigger", event: "signed_up", filters: [] });
const email = n("email", { kind: "email", templateId: "tpl" });
const exit = n("exit", { kind: "exit" });
const codes = (issues: ValidationIssue[]) => issues.map((issue) => [issue.code, issue.nodeId]);
/** Issues other than nodes the test graph leaves unreachable on purpose. */
const reachableOnly = (issues: ValidationIssue[]) => issues.filter((issue) => issue.code !== "unreachable");
const hour = { amount: 1, unit: "hours" } as const;

function withSettings(settings: Partial<JourneySettings>, nodes: JourneyNode[] = [trigger, email, exit]): JourneyGraph {
  return {
    nodes,
    edges: [e("trigger", "email"), e("email", "exit")],
    settings: { ...DEFAULT_JOURNEY_SETTINGS, ...settings },
  };
}

describe("journey settings", () => {
  it("accepts the defaults and a full, valid set", () => {
    expect(validateGraph(withSettings({}))).toEqual([]);
    expect(
      validateGraph(
        withSettings({
          goal: { event: "purchase", filters: [], window: { amount: 7, unit: "days" } },
          exitCriteria: [{ event: "unsubscribed", filters: [] }],
          quietHours: { start: "21:00", end: "08:00" },
          frequencyCap: { maxEmails: 3, period: { amount: 1, unit: "days" } },
          timeZone: "Europe/Paris",
        }),
      ),
    ).toEqual([]);
  });

  it("rejects a goal without an event or with a non-positive window", () => {
    const issues = validateGraph(
      withSettings({ goal: { event: " ", filters: [], window: { amount: 0, unit: "days" } } }),
    );
    expect(codes(issues)).toEqual([
      ["goal_invalid", null],
      ["goal_invalid", null],
    ]);
    expect(issues.map((issue) => issue.message)).toEqual([
      "Journey settings: the goal needs an event name",
      "Journey settings: the goal needs a positive window (got 0 days)",
    ]);
  });

  it("rejects a goal filter without a value", () => {
    const issues = validateGraph(
      withSettings({ goal: { event: "purchase", filters: [{ path: "properties.total", op: "gt" }], window: hour } }),
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'Journey settings: the goal: filter 1 on "properties.total" (gt) needs a value',
    ]);
  });

  it("names each exit criterion without an event", () => {
    const issues = validateGraph(
      withSettings({
        exitCriteria: [
          { event: "unsubscribed", filters: [] },
          { event: "", filters: [] },
        ],
      }),
    );
    expect(codes(issues)).toEqual([["exit_criterion_invalid", null]]);
    expect(issues[0]?.message).toBe("Journey settings: exit criterion 2 needs an event name");
  });

  it("rejects malformed quiet hours and an empty window", () => {
    const malformed = validateGraph(withSettings({ quietHours: { start: "9pm", end: "24:00" } }));
    expect(malformed.map((issue) => issue.message)).toEqual([
      'Journey settings: quiet hours need a start time as HH:MM (24h), e.g. 21:00 (got "9pm")',
      'Journey settings: quiet hours need an end time as HH:MM (24h), e.g. 08:00 (got "24:00")',
    ]);
    const same = validateGraph(withSettings({ quietHours: { start: "08:00", end: "08:00" } }));
    expect(same.map((issue) => [issue.code, issue.nodeId, issue.message])).toEqual([
      [
        "quiet_hours_invalid",
        null,
        "Journey settings: quiet hours start and end at the same time (08:00); pick different times",
      ],
    ]);
  });

  it("rejects a frequency cap below 1, fractional, or with a non-positive period", () => {
    expect(codes(validateGraph(withSettings({ frequencyCap: { maxEmails: 0, period: hour } })))).toEqual([
      ["frequency_cap_invalid", null],
    ]);
    expect(codes(validateGraph(withSettings({ frequencyCap: { maxEmails: 1.5, period: hour } })))).toEqual([
      ["frequency_cap_invalid", null],
    ]);
    const period = validateGraph(
      withSettings({ frequencyCap: { maxEmails: 2, period: { amount: -1, unit: "days" } } }),
    );
    expect(period.map((issue) => issue.message)).toEqual([
      "Journey settings: the frequency cap needs a positive period (got -1 days)",
    ]);
  });

  it("rejects an unknown time zone once, as a setting, even with until-time waits", () => {
    const wait = n("wait", {
      kind: "wait",
      mode: "until_time",
      duration: hour,
      untilTime: { time: "09:00", weekdays: [] },
    });
    const graph: JourneyGraph = {
      ...withSettings({ timeZone: "Mars/Olympus" }),
      nodes: [trigger, wait, exit],
      edges: [e("trigger", "wait"), e("wait", "exit")],
    };
    const issues = validateGraph(graph);
    expect(codes(issues)).toEqual([["invalid_time_zone", null]]);
    expect(issues[0]?.message).toBe(
      'Journey settings: the time zone "Mars/Olympus" is not a known IANA time zone (e.g. Europe/Paris)',
    );
  });

  it("compiles settings with durations in ms and uses the journey zone for until-time waits", () => {
    const wait = n("wait", {
      kind: "wait",
      mode: "until_time",
      duration: hour,
      untilTime: { time: "09:00", weekdays: [] },
    });
    const graph: JourneyGraph = {
      nodes: [trigger, wait, exit],
      edges: [e("trigger", "wait"), e("wait", "exit")],
      settings: {
        goal: {
          event: " purchase ",
          filters: [{ path: "properties.total", op: "gt", value: 10 }],
          window: { amount: 2, unit: "days" },
        },
        exitCriteria: [{ event: "unsubscribed", filters: [] }],
        quietHours: { start: "22:00", end: "07:30" },
        frequencyCap: { maxEmails: 2, period: { amount: 1, unit: "days" } },
        timeZone: "America/New_York",
      },
    };
    // The graph's own zone wins over a caller's fallback.
    const result = compileGraph(graph, { fallbackTimeZone: "Europe/Paris" });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plan.settings).toEqual({
      goal: { event: "purchase", filters: [{ path: "properties.total", op: "gt", value: 10 }], windowMs: 172_800_000 },
      exitCriteria: [{ event: "unsubscribed", filters: [] }],
      quietHours: { start: "22:00", end: "07:30" },
      frequencyCap: { maxEmails: 2, periodMs: 86_400_000 },
      timeZone: "America/New_York",
    });
    expect(result.plan.steps.wait).toMatchObject({ kind: "wait_until_time", fallbackTimeZone: "America/New_York" });
    // Without settings, the caller's fallback still applies and the plan has no settings.
    const legacy = compileGraph({ nodes: graph.nodes, edges: graph.edges }, { fallbackTimeZone: "Europe/Paris" });
    expect(legacy).toMatchObject({ ok: true, plan: { steps: { wait: { fallbackTimeZone: "Europe/Paris" } } } });
    expect(legacy.ok && "settings" in legacy.plan).toBe(false);
  });
});

describe("entry rules", () => {
  const keyed = (entry: NonNullable<Extract<NodeData, { kind: "trigger" }>["entry"]>, source?: "segment") =>
    n("trigger", {
      kind: "trigger",
      event: "added_to_cart",
      filters: [],
      entry,
      ...(source ? { source, segmentId: "seg" } : {}),
    });
  const graphWith = (node: JourneyNode): JourneyGraph => ({
    nodes: [node, email, exit],
    edges: [e("trigger", "email"), e("email", "exit")],
  });

  it("compiles reentry, cooldown and the entry key into the plan's trigger", () => {
    const result = compileGraph(
      graphWith(
        keyed({
          reentry: "once_at_a_time",
          cooldown: { amount: 30, unit: "minutes" },
          entryKey: " properties.cart_id ",
        }),
      ),
    );
    expect(result.ok && result.plan.trigger).toEqual({
      nodeId: "trigger",
      event: "added_to_cart",
      filters: [],
      reentry: "once_at_a_time",
      cooldownMs: 1_800_000,
      entryKey: "properties.cart_id",
    });
  });

  it("rejects a non-positive cooldown, naming the trigger", () => {
    const issues = validateGraph(graphWith(keyed({ reentry: "every_time", cooldown: { amount: 0, unit: "hours" } })));
    expect(issues.map((issue) => [issue.code, issue.nodeId, issue.message])).toEqual([
      [
        "entry_invalid_cooldown",
        "trigger",
        'Trigger node "trigger": the re-entry cooldown must be a positive duration (got 0 hours)',
      ],
    ]);
  });

  it("rejects an empty or malformed entry key, and one on a segment trigger", () => {
    expect(codes(validateGraph(graphWith(keyed({ reentry: "every_time", entryKey: " " }))))).toEqual([
      ["entry_invalid_key", "trigger"],
    ]);
    expect(codes(validateGraph(graphWith(keyed({ reentry: "every_time", entryKey: "properties..cart" }))))).toEqual([
      ["entry_invalid_key", "trigger"],
    ]);
    const segment = validateGraph(
      graphWith(keyed({ reentry: "every_time", entryKey: "properties.cart_id" }, "segment")),
      { segmentIds: new Set(["seg"]) },
    );
    expect(codes(segment)).toEqual([["entry_invalid_key", "trigger"]]);
  });

  it("requires the trigger's entry key for a wait that matches on it", () => {
    const wait = (matchOnEntryKey: boolean) =>
      n("wait", {
        kind: "wait",
        mode: "until_event",
        duration: hour,
        untilEvent: { event: "checkout", filters: [], matchOnEntryKey, timeout: hour },
      });
    const graph = (entry: JourneyNode, matchOnEntryKey: boolean): JourneyGraph => ({
      nodes: [entry, wait(matchOnEntryKey), exit],
      edges: [e("trigger", "wait"), e("wait", "exit", "matched"), e("wait", "exit", "timed_out")],
    });
    const issues = validateGraph(graph(trigger, true));
    expect(issues.map((issue) => [issue.code, issue.nodeId, issue.message])).toEqual([
      [
        "wait_entry_key_missing",
        "wait",
        'Wait node "wait" matches on the entry key, but the trigger has none; set the trigger\'s entry key or stop matching on it',
      ],
    ]);
    expect(validateGraph(graph(keyed({ reentry: "every_time", entryKey: "properties.cart_id" }), true))).toEqual([]);
    expect(validateGraph(graph(trigger, false))).toEqual([]);
  });
});

describe("multi-case branches", () => {
  const rule = (value: string) => ({
    match: "all" as const,
    groups: [
      { match: "all" as const, predicates: [{ type: "trait" as const, path: "plan", op: "eq" as const, value }] },
    ],
  });
  const branchGraph = (cases: BranchCase[], outlets: string[] = [...cases.map((c) => c.id), "else"]): JourneyGraph => ({
    nodes: [
      trigger,
      n("b", { kind: "branch", condition: { match: "all", groups: [] }, cases }),
      n("pro", { kind: "exit" }),
      exit,
    ],
    edges: [e("trigger", "b"), ...outlets.map((outlet) => e("b", outlet === "pro" ? "pro" : "exit", outlet))],
  });

  it("compiles cases in order, each with its outlet, plus else", () => {
    const result = compileGraph(
      branchGraph([
        { id: "pro", name: "Pro", condition: rule("pro") },
        { id: "team", name: "Team", condition: rule("team") },
      ]),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.plan.steps.b).toEqual({
      kind: "branch_cases",
      id: "b",
      cases: [
        {
          id: "pro",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "pro" }] }],
          },
          next: "pro",
        },
        {
          id: "team",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "team" }] }],
          },
          next: "exit",
        },
      ],
      else: "exit",
    });
  });

  it("keeps yes/no branches when cases is empty", () => {
    const graph: JourneyGraph = {
      nodes: [trigger, n("b", { kind: "branch", condition: rule("pro"), cases: [] }), exit],
      edges: [e("trigger", "b"), e("b", "exit", "yes"), e("b", "exit", "no")],
    };
    expect(compileGraph(graph)).toMatchObject({
      ok: true,
      plan: { steps: { b: { kind: "branch", yes: "exit", no: "exit" } } },
    });
  });

  it("rejects duplicate, empty and `else` case ids", () => {
    const issues = validateGraph(
      branchGraph(
        [
          { id: "pro", name: "A", condition: rule("a") },
          { id: "pro", name: "B", condition: rule("b") },
          { id: "else", name: "C", condition: rule("c") },
          { id: " ", name: "D", condition: rule("d") },
        ],
        ["pro", "else", " "],
      ),
    );
    expect(issues.filter((issue) => issue.code === "branch_case_invalid").map((issue) => issue.message)).toEqual([
      'Branch node "b" has two cases with the id "pro"',
      'Branch node "b": case 3 cannot use the id "else", which is the outlet taken when no case holds',
      'Branch node "b": case 4 needs an id',
    ]);
  });

  it("requires each case's condition to be non-empty and valid", () => {
    const issues = validateGraph(
      branchGraph([
        { id: "empty", name: "Nothing", condition: { match: "all", groups: [] } },
        {
          id: "bad",
          name: "",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq" }] }],
          },
        },
      ]),
    );
    expect(reachableOnly(issues).map((issue) => [issue.code, issue.nodeId, issue.message])).toEqual([
      ["condition_empty", "b", 'Branch node "b": case "Nothing" has no condition; add at least one rule'],
      ["condition_invalid", "b", 'Branch node "b": case "bad": group 1, rule 1 on "plan" (eq) needs a value'],
    ]);
  });

  it("requires every case outlet and else to be connected, and rejects yes/no outlets", () => {
    const cases = [{ id: "pro", name: "Pro", condition: rule("pro") }];
    expect(codes(reachableOnly(validateGraph(branchGraph(cases, ["pro"]))))).toEqual([["dead_end", "b"]]);
    expect(codes(validateGraph(branchGraph(cases, ["pro", "else", "yes"])))).toEqual([["unknown_outlet", "b"]]);
  });
});

describe("email topics", () => {
  it("passes topicId and transactional into the plan step only when set", () => {
    const graph = (data: NodeData): JourneyGraph => ({
      nodes: [trigger, n("email", data), exit],
      edges: [e("trigger", "email"), e("email", "exit")],
    });
    expect(
      compileGraph(graph({ kind: "email", templateId: "tpl", topicId: "news", transactional: false })),
    ).toMatchObject({
      ok: true,
      plan: { steps: { email: { kind: "email", id: "email", templateId: "tpl", topicId: "news", next: "exit" } } },
    });
    const receipt = compileGraph(graph({ kind: "email", templateId: "tpl", topicId: null, transactional: true }));
    expect(receipt.ok && receipt.plan.steps.email).toEqual({
      kind: "email",
      id: "email",
      templateId: "tpl",
      topicId: null,
      transactional: true,
      next: "exit",
    });
    const plain = compileGraph(graph({ kind: "email", templateId: "tpl" }));
    expect(plain.ok && plain.plan.steps.email).toEqual({ kind: "email", id: "email", templateId: "tpl", next: "exit" });
  });
});
