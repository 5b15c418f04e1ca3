import { describe, expect, it } from "vitest";
import { compileGraph } from "./compile";
import { buildWelcomeGraph } from "./fixtures";
import { ZPlanSchema } from "./plan";
import type { JourneyGraph } from "./schema";

const templates = { welcome: "tpl_welcome", gettingStarted: "tpl_started" };

describe("compileGraph", () => {
  it("compiles the welcome journey into a linear plan with durations in ms", () => {
    const result = compileGraph(buildWelcomeGraph(templates));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan).toEqual({
      format: 1,
      trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
      entry: "email-welcome",
      steps: {
        "email-welcome": { kind: "email", id: "email-welcome", templateId: "tpl_welcome", next: "wait-1" },
        "wait-1": { kind: "wait", id: "wait-1", durationMs: 60_000, next: "email-getting-started" },
        "email-getting-started": {
          kind: "email",
          id: "email-getting-started",
          templateId: "tpl_started",
          next: "exit",
        },
        exit: { kind: "exit", id: "exit" },
      },
    });
    expect(ZPlanSchema.parse(result.plan)).toEqual(result.plan);
  });

  it("leaves sticky notes out of the plan: a graph with notes compiles as it does without them", () => {
    const graph = buildWelcomeGraph(templates);
    const withNotes: JourneyGraph = {
      ...graph,
      nodes: [
        ...graph.nodes,
        { id: "note-1", position: { x: 400, y: 0 }, data: { kind: "note", text: "Copy reviewed by legal" } },
        { id: "note-2", position: { x: 400, y: 200 }, data: { kind: "note", text: "" } },
      ],
    };
    const result = compileGraph(withNotes);
    expect(result).toEqual(compileGraph(graph));
    expect(JSON.stringify(result)).not.toContain("note");
  });

  it("is deterministic: the same graph gives a deep-equal plan with the same key order", () => {
    const a = compileGraph(buildWelcomeGraph(templates));
    const b = compileGraph(structuredClone(buildWelcomeGraph(templates)));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("does not depend on the order nodes and edges were drawn in", () => {
    const graph = buildWelcomeGraph(templates);
    const shuffled: JourneyGraph = { nodes: [...graph.nodes].reverse(), edges: [...graph.edges].reverse() };
    expect(JSON.stringify(compileGraph(shuffled))).toBe(JSON.stringify(compileGraph(graph)));
  });

  it("carries trigger filters and trims the event name", () => {
    const graph = buildWelcomeGraph(templates);
    const trigger = graph.nodes[0];
    if (trigger?.data.kind !== "trigger") throw new Error("fixture");
    trigger.data.event = " signed_up ";
    trigger.data.filters = [{ path: "properties.plan", op: "eq", value: "pro" }];
    const result = compileGraph(graph);
    expect(result.ok && result.plan.trigger).toEqual({
      nodeId: "trigger",
      event: "signed_up",
      filters: [{ path: "properties.plan", op: "eq", value: "pro" }],
    });
  });

  it("rounds fractional durations to whole milliseconds", () => {
    const result = compileGraph(buildWelcomeGraph(templates, 1.5));
    expect(result.ok && result.plan.steps["wait-1"]).toMatchObject({ durationMs: 90_000 });
  });

  it("returns issues instead of a plan for an invalid graph", () => {
    const graph = buildWelcomeGraph(templates);
    graph.edges.pop();
    const result = compileGraph(graph);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.code, i.nodeId])).toEqual([
      ["dead_end", "email-getting-started"],
      ["unreachable", "exit"],
    ]);
  });

  it("checks template ids against the workspace when given", () => {
    const result = compileGraph(buildWelcomeGraph(templates), { templateIds: new Set(["tpl_welcome"]) });
    expect(!result.ok && result.issues).toEqual([
      expect.objectContaining({ code: "unknown_template", nodeId: "email-getting-started" }),
    ]);
  });
});
