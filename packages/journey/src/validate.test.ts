import { describe, expect, it } from "vitest";
import { buildWelcomeGraph } from "./fixtures";
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeData } from "./schema";
import { validateGraph, type ValidationIssue } from "./validate";

const templates = { welcome: "tpl_welcome", gettingStarted: "tpl_started" };

function n(id: string, data: NodeData): JourneyNode {
  return { id, position: { x: 0, y: 0 }, data };
}
function e(
  source: string,
  target: string,
  id = `${source}->${target}`,
  sourceHandle: string | null = null,
): JourneyEdge {
  return { id, source, target, sourceHandle };
}
const trigger = (id = "trigger", event = "signed_up") => n(id, { kind: "trigger", event, filters: [] });
const email = (id: string, templateId: string | null = "tpl_welcome") => n(id, { kind: "email", templateId });
const wait = (id: string, amount = 1) => n(id, { kind: "wait", duration: { amount, unit: "minutes" } });
const exit = (id = "exit") => n(id, { kind: "exit" });

/** trigger → email-1 → exit, the smallest publishable graph. */
function minimal(): JourneyGraph {
  return { nodes: [trigger(), email("email-1"), exit()], edges: [e("trigger", "email-1"), e("email-1", "exit")] };
}

const summary = (issues: ValidationIssue[]) => issues.map((i) => [i.code, i.nodeId, i.edgeId ?? null]);

describe("validateGraph", () => {
  it("accepts the welcome journey and the minimal journey", () => {
    expect(validateGraph(buildWelcomeGraph(templates))).toEqual([]);
    expect(
      validateGraph(buildWelcomeGraph(templates), { templateIds: new Set(["tpl_welcome", "tpl_started"]) }),
    ).toEqual([]);
    expect(validateGraph(minimal())).toEqual([]);
  });

  it("requires a trigger", () => {
    const issues = validateGraph({ nodes: [email("email-1"), exit()], edges: [e("email-1", "exit")] });
    expect(summary(issues)).toEqual([["no_trigger", null, null]]);
    expect(issues[0]?.message).toMatch(/no trigger/);
  });

  it("rejects a second trigger, flagging both", () => {
    const graph = minimal();
    graph.nodes.push(trigger("trigger-2"));
    graph.edges.push(e("trigger-2", "email-1"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([
      ["multiple_triggers", "trigger", null],
      ["multiple_triggers", "trigger-2", null],
    ]);
    expect(issues[1]?.message).toBe(
      'Trigger node "trigger-2" is one of 2 triggers; a journey has exactly one trigger, delete the others',
    );
  });

  it("flags a trigger wired after another trigger on both, and the edge into it", () => {
    // What click-to-add after a selected trigger used to draw: an edge the canvas cannot show.
    const graph: JourneyGraph = {
      nodes: [trigger(), trigger("trigger-2"), email("email-1"), exit()],
      edges: [e("trigger", "trigger-2"), e("trigger-2", "email-1"), e("email-1", "exit")],
    };
    expect(summary(validateGraph(graph))).toEqual([
      ["multiple_triggers", "trigger", null],
      ["multiple_triggers", "trigger-2", null],
      ["trigger_incoming_edge", "trigger-2", "trigger->trigger-2"],
    ]);
  });

  it("passes over sticky notes but refuses a connection to or from one", () => {
    const graph = minimal();
    graph.nodes.push(n("note-1", { kind: "note", text: "Ask Sam before changing the copy" }));
    expect(validateGraph(graph)).toEqual([]);
    graph.edges.push(e("note-1", "exit", "from-note"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["annotation_edge", "note-1", "from-note"]]);
    expect(issues[0]?.message).toBe(
      'Note node "note-1" is a note, not a step: connection "from-note" cannot lead to or from it; delete the connection',
    );
  });

  it("requires the trigger's event name", () => {
    const graph = minimal();
    graph.nodes[0] = trigger("trigger", "  ");
    expect(summary(validateGraph(graph))).toEqual([["trigger_missing_event", "trigger", null]]);
  });

  it("requires a value for comparing filters but not for exists", () => {
    const graph = minimal();
    graph.nodes[0] = n("trigger", {
      kind: "trigger",
      event: "signed_up",
      filters: [
        { path: "properties.plan", op: "eq" },
        { path: "traits.email", op: "exists" },
      ],
    });
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["filter_missing_value", "trigger", null]]);
    expect(issues[0]?.message).toContain('filter 1 on "properties.plan"');
  });

  it("rejects an edge into the trigger", () => {
    const graph: JourneyGraph = {
      nodes: [trigger(), wait("wait-1"), exit()],
      edges: [e("trigger", "wait-1"), e("wait-1", "trigger"), e("wait-1", "exit", "w-exit")],
    };
    const issues = validateGraph(graph);
    expect(summary(issues)).toContainEqual(["trigger_incoming_edge", "trigger", "wait-1->trigger"]);
    // The rejected edge is not followed, so no loop is reported on top.
    expect(issues.map((i) => i.code)).not.toContain("cycle");
  });

  it("reports dangling edges to and from missing nodes", () => {
    const graph = minimal();
    graph.edges.push(e("email-1", "ghost", "to-ghost"), e("phantom", "exit", "from-phantom"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([
      ["dangling_edge", "email-1", "to-ghost"],
      ["dangling_edge", "exit", "from-phantom"],
    ]);
    expect(issues[0]?.message).toContain('missing target node "ghost"');
  });

  it("reports nodes that cannot be reached from the trigger", () => {
    const graph = minimal();
    graph.nodes.push(email("email-2"));
    graph.edges.push(e("email-2", "exit"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["unreachable", "email-2", null]]);
    expect(issues[0]?.message).toBe('Email node "email-2" cannot be reached from the trigger; connect it or delete it');
  });

  it("reports dead ends with the fix", () => {
    const graph: JourneyGraph = {
      nodes: [trigger(), email("email-1"), wait("wait-1")],
      edges: [e("trigger", "email-1"), e("email-1", "wait-1")],
    };
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["dead_end", "wait-1", null]]);
    expect(issues[0]?.message).toBe('Wait node "wait-1" leads nowhere; connect it to another node or an Exit');
  });

  it("reports a trigger that leads nowhere", () => {
    expect(summary(validateGraph({ nodes: [trigger()], edges: [] }))).toEqual([["dead_end", "trigger", null]]);
  });

  it("rejects a second edge out of a single-outlet node", () => {
    const graph = minimal();
    graph.nodes.push(exit("exit-2"));
    graph.edges.push(e("email-1", "exit-2"));
    const issues = validateGraph(graph);
    // exit-2 is only reachable through the rejected edge.
    expect(summary(issues)).toEqual([
      ["multiple_outgoing_edges", "email-1", "email-1->exit-2"],
      ["unreachable", "exit-2", null],
    ]);
    expect(issues[0]?.message).toContain('Email node "email-1" has more than one connection');
  });

  it("rejects an outlet the node does not have", () => {
    const graph = minimal();
    graph.edges[1] = e("email-1", "exit", "email-1->exit", "yes");
    expect(summary(validateGraph(graph))).toEqual([
      ["unknown_outlet", "email-1", "email-1->exit"],
      ["unreachable", "exit", null],
    ]);
  });

  it("requires a template on email nodes", () => {
    const graph = minimal();
    graph.nodes[1] = email("email-1", null);
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["email_missing_template", "email-1", null]]);
    expect(issues[0]?.message).toBe('Email node "email-1" has no template; pick the email to send');
  });

  it("rejects a template id that is not in the workspace", () => {
    const issues = validateGraph(minimal(), { templateIds: new Set(["tpl_other"]) });
    expect(summary(issues)).toEqual([["unknown_template", "email-1", null]]);
    expect(issues[0]?.message).toContain('"tpl_welcome", which does not exist');
  });

  it.each([0, -5, 0.0000001, 0.01, 1.001, 525_601, 99_999_999])("rejects a wait of %s minutes", (amount) => {
    const graph: JourneyGraph = {
      nodes: [trigger(), wait("wait-1", amount), exit()],
      edges: [e("trigger", "wait-1"), e("wait-1", "exit")],
    };
    expect(summary(validateGraph(graph))).toEqual([["wait_invalid_duration", "wait-1", null]]);
  });

  it.each([1, 1.5, 525_600])("accepts a wait of %s minutes (whole seconds, at most 365 days)", (amount) => {
    const graph: JourneyGraph = {
      nodes: [trigger(), wait("wait-1", amount), exit()],
      edges: [e("trigger", "wait-1"), e("wait-1", "exit")],
    };
    expect(validateGraph(graph)).toEqual([]);
  });

  it("names the node and what is wrong with its pause", () => {
    const graph: JourneyGraph = {
      nodes: [trigger(), wait("wait-1", -5), exit()],
      edges: [e("trigger", "wait-1"), e("wait-1", "exit")],
    };
    expect(validateGraph(graph)[0]?.message).toBe(
      'Wait node "wait-1": the pause must be at least 1 second (got -5 minutes)',
    );
    graph.nodes[1] = n("wait-1", { kind: "wait", duration: { amount: 99_999_999, unit: "days" } });
    expect(validateGraph(graph)[0]?.message).toBe(
      'Wait node "wait-1": the pause must be at most 365 days (got 99999999 days)',
    );
  });

  it("rejects a loop, naming the nodes on it and the closing edge", () => {
    const graph: JourneyGraph = {
      nodes: [trigger(), email("email-1"), wait("wait-1")],
      edges: [e("trigger", "email-1"), e("email-1", "wait-1"), e("wait-1", "email-1")],
    };
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([["cycle", "email-1", "wait-1->email-1"]]);
    expect(issues[0]?.message).toBe(
      'These nodes form a loop: Email node "email-1" → Wait node "wait-1" → Email node "email-1". Journeys cannot loop back yet; remove one of these connections',
    );
  });

  it("rejects a self-loop", () => {
    const graph: JourneyGraph = {
      nodes: [trigger(), wait("wait-1")],
      edges: [e("trigger", "wait-1"), e("wait-1", "wait-1")],
    };
    expect(summary(validateGraph(graph))).toEqual([["cycle", "wait-1", "wait-1->wait-1"]]);
  });

  it("finds a loop among nodes the trigger cannot reach", () => {
    const graph = minimal();
    graph.nodes.push(wait("a"), wait("b"));
    graph.edges.push(e("a", "b"), e("b", "a"));
    expect(summary(validateGraph(graph))).toEqual([
      ["unreachable", "a", null],
      ["unreachable", "b", null],
      ["cycle", "a", "b->a"],
    ]);
  });

  it("rejects duplicate node ids and duplicate edge ids", () => {
    const graph = minimal();
    graph.nodes.push(email("email-1"));
    graph.edges.push(e("trigger", "email-1", "email-1->exit"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([
      ["duplicate_node_id", "email-1", null],
      ["duplicate_edge_id", null, "email-1->exit"],
    ]);
  });

  it("rejects edges out of an exit", () => {
    const graph = minimal();
    graph.nodes.push(exit("exit-2"));
    graph.edges.push(e("exit", "exit-2"));
    const issues = validateGraph(graph);
    expect(summary(issues)).toEqual([
      ["exit_outgoing_edge", "exit", "exit->exit-2"],
      ["unreachable", "exit-2", null],
    ]);
    expect(issues[0]?.message).toBe('Exit node "exit" ends the journey and cannot connect to another node');
  });

  it("reports several problems at once in a stable order", () => {
    const graph: JourneyGraph = {
      nodes: [trigger("t", ""), email("email-2", null), wait("wait-1", 0)],
      edges: [e("t", "email-2")],
    };
    const first = validateGraph(graph);
    expect(summary(first)).toEqual([
      ["trigger_missing_event", "t", null],
      ["email_missing_template", "email-2", null],
      ["wait_invalid_duration", "wait-1", null],
      ["dead_end", "email-2", null],
      ["dead_end", "wait-1", null],
      ["unreachable", "wait-1", null],
    ]);
    expect(validateGraph(structuredClone(graph))).toEqual(first);
  });

  it("handles a long chain without recursion limits", () => {
    const count = 20_000;
    const nodes = [trigger(), ...Array.from({ length: count }, (_, i) => wait(`w${i}`)), exit()];
    const edges = nodes.slice(1).map((next, i) => e((nodes[i] as JourneyNode).id, next.id));
    expect(validateGraph({ nodes, edges })).toEqual([]);
  });
});
