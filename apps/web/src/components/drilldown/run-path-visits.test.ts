import { describe, expect, it } from "vitest";
import type { RunPathStep } from "@mailstream/journey/run-path";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { formatElapsed } from "./elapsed";
import { takenEdges, visitsOf } from "./run-path-visits";

const graph = {
  nodes: ["trigger", "wait", "email", "exit"].map((id) => ({ id, position: { x: 0, y: 0 }, data: { kind: id } })),
  edges: [],
} as unknown as JourneyGraph;

function step(seq: number, nodeId: string, kind: string, outcome: string, state: RunPathStep["state"]): RunPathStep {
  return {
    seq,
    nodeId,
    kind,
    outcome,
    state,
    detail: {},
    at: new Date(0),
    name: nodeId,
    resumesAt: null,
    waitingFor: null,
  };
}

describe("the run-path canvas", () => {
  const steps = [
    step(0, "trigger", "trigger", "entered", "done"),
    step(1, "wait", "wait", "waiting", "done"),
    step(2, "wait", "run_control", "continued", "done"),
    step(3, "email", "email", "sent", "done"),
    step(4, "goal", "goal", "converted", "done"),
  ];

  it("numbers each node the run reached once per visit, a control naming the outcome, pseudo rows left out", () => {
    const visits = visitsOf(steps, graph);
    expect([...visits.entries()].map(([id, v]) => [id, v.order, v.outcome])).toEqual([
      ["trigger", [1], "entered"],
      ["wait", [2], "continued"],
      ["email", [3], "sent"],
    ]);
    expect(visits.has("exit")).toBe(false);
  });

  it("marks the edges between consecutive nodes as taken", () => {
    expect([...takenEdges(steps, graph)]).toEqual(["trigger>wait", "wait>email"]);
  });

  it("says how long a contact has stood at a step in words", () => {
    const now = Date.parse("2026-12-06T12:00:00Z");
    expect(formatElapsed("2026-12-06T11:59:30Z", now)).toBe("under a minute");
    expect(formatElapsed("2026-12-06T11:15:00Z", now)).toBe("45 min");
    expect(formatElapsed("2026-12-06T09:30:00Z", now)).toBe("2 h 30 min");
    expect(formatElapsed("2026-12-03T10:00:00Z", now)).toBe("3 d 2 h");
  });
});
