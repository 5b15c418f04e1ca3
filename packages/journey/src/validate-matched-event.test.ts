import { describe, expect, it } from "vitest";
import { compileGraph } from "./compile";
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeData, Predicate } from "./schema";
import { validateGraph } from "./validate";

const n = (id: string, data: NodeData): JourneyNode => ({ id, position: { x: 0, y: 0 }, data });
const e = (source: string, target: string, sourceHandle: string | null = null): JourneyEdge => ({
  id: `${source}:${sourceHandle ?? ""}->${target}`,
  source,
  target,
  sourceHandle,
});
const hour = { amount: 1, unit: "hours" } as const;
const untilCheckout = (id: string) =>
  n(id, {
    kind: "wait",
    mode: "until_event",
    duration: hour,
    untilEvent: { event: "checkout", filters: [], matchOnEntryKey: false, timeout: hour },
  });
const matched = (nodeId: string, path = "properties.total"): Predicate => ({
  type: "matched_event",
  nodeId,
  path,
  op: "gt",
  value: 100,
});
const branchOn = (predicate: Predicate) =>
  n("branch", { kind: "branch", condition: { match: "all", groups: [{ match: "all", predicates: [predicate] }] } });

/** trigger → wait (matched → branch, timed out → exit) → yes/no exits; `late` is a wait after the branch. */
function graph(predicate: Predicate): JourneyGraph {
  return {
    nodes: [
      n("trigger", { kind: "trigger", event: "added_to_cart", filters: [] }),
      untilCheckout("wait"),
      branchOn(predicate),
      untilCheckout("late"),
      n("exit", { kind: "exit" }),
    ],
    edges: [
      e("trigger", "wait"),
      e("wait", "branch", "matched"),
      e("wait", "exit", "timed_out"),
      e("branch", "late", "yes"),
      e("branch", "exit", "no"),
      e("late", "exit", "matched"),
      e("late", "exit", "timed_out"),
    ],
  };
}

describe("matched-event branch rules", () => {
  it("compile with the wait they read", () => {
    const result = compileGraph(graph(matched("wait", " properties.total ")));
    expect(result).toMatchObject({
      ok: true,
      plan: {
        steps: {
          branch: {
            condition: {
              groups: [
                {
                  predicates: [
                    { type: "matched_event", nodeId: "wait", path: "properties.total", op: "gt", value: 100 },
                  ],
                },
              ],
            },
          },
        },
      },
    });
  });

  it("name the branch and the problem when the wait is missing, later, or not an until-event wait", () => {
    const messages = (predicate: Predicate) =>
      validateGraph(graph(predicate)).map((issue) => [issue.nodeId, issue.message]);
    expect(messages(matched(""))).toEqual([
      [
        "branch",
        'Branch node "branch": group 1, rule 1 needs the "Wait until event" node whose matched event it reads; choose one',
      ],
    ]);
    expect(messages(matched("late"))).toEqual([
      [
        "branch",
        'Branch node "branch": group 1, rule 1 reads the event matched by Wait node "late", which is not a "Wait until event" node before this branch; choose one of "wait"',
      ],
    ]);
    expect(messages(matched("trigger"))).toEqual([
      [
        "branch",
        'Branch node "branch": group 1, rule 1 reads the event matched by Trigger node "trigger", which is not a "Wait until event" node before this branch; choose one of "wait"',
      ],
    ]);
    expect(messages(matched("gone"))).toEqual([
      [
        "branch",
        'Branch node "branch": group 1, rule 1 reads the event matched by "gone", which is not a node of this journey; choose one of "wait"',
      ],
    ]);
    expect(messages(matched("wait", ""))).toEqual([
      [
        "branch",
        'Branch node "branch": group 1, rule 1 needs a property path of the matched event, e.g. properties.total',
      ],
    ]);
  });

  it("are rejected when no until-event wait comes before the branch", () => {
    const noWait: JourneyGraph = {
      nodes: [
        n("trigger", { kind: "trigger", event: "added_to_cart", filters: [] }),
        { ...branchOn(matched("wait")), id: "branch" },
        n("exit", { kind: "exit" }),
      ],
      edges: [e("trigger", "branch"), e("branch", "exit", "yes"), e("branch", "exit", "no")],
    };
    expect(validateGraph(noWait).map((issue) => issue.message)).toEqual([
      'Branch node "branch": group 1, rule 1 reads a matched event, but no "Wait until event" node comes before this branch; add one or use another rule',
    ]);
    expect(compileGraph(noWait).ok).toBe(false);
  });
});
