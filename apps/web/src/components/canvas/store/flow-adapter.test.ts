import { describe, expect, it } from "vitest";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { validateGraph } from "@mailstream/journey/validate";
import {
  appendNode,
  canConnect,
  connectOutlet,
  createFlowNode,
  graphKey,
  NODE_SPACING_Y,
  removeNodesAndBridge,
  toFlowEdges,
  toFlowNodes,
  toJourneyGraph,
} from "./flow-adapter";

const graph: JourneyGraph = {
  nodes: [
    { id: "t", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "signed_up", filters: [] } },
    { id: "m", position: { x: 0, y: 140 }, data: { kind: "email", templateId: "tpl" } },
    { id: "x", position: { x: 0, y: 280 }, data: { kind: "exit" } },
  ],
  edges: [
    { id: "e1", source: "t", target: "m", sourceHandle: null },
    { id: "e2", source: "m", target: "x", sourceHandle: null },
  ],
};

const flow = () => ({ nodes: toFlowNodes(graph), edges: toFlowEdges(graph) });

describe("journey graph <-> React Flow", () => {
  it("round-trips a graph unchanged", () => {
    const { nodes, edges } = flow();
    expect(nodes.map((n) => n.type)).toEqual(["trigger", "email", "exit"]);
    expect(toJourneyGraph(nodes, edges)).toEqual(graph);
  });

  it("rounds positions so sub-pixel drags are not edits", () => {
    const { nodes, edges } = flow();
    const moved = nodes.map((n) => (n.id === "m" ? { ...n, position: { x: 0.3, y: 139.8 } } : n));
    expect(toJourneyGraph(moved, edges)).toEqual(graph);
  });
});

describe("connecting", () => {
  it("refuses self-loops, duplicates, and edges into a trigger or out of an exit", () => {
    const { nodes, edges } = flow();
    expect(canConnect(nodes, edges, { source: "m", target: "m" })).toBe(false);
    expect(canConnect(nodes, edges, { source: "t", target: "m" })).toBe(false);
    expect(canConnect(nodes, edges, { source: "m", target: "t" })).toBe(false);
    expect(canConnect(nodes, edges, { source: "x", target: "m" })).toBe(false);
    expect(canConnect(nodes, edges, { source: "t", target: "x" })).toBe(true);
  });

  it("replaces the edge of an outlet that is already wired", () => {
    const { edges } = flow();
    const next = connectOutlet(edges, { source: "t", target: "x", sourceHandle: null });
    expect(next.filter((e) => e.source === "t").map((e) => e.target)).toEqual(["x"]);
    expect(next).toHaveLength(2);
  });
});

describe("click-to-add", () => {
  it("wires a node into a free outlet, below its parent", () => {
    const { nodes, edges } = flow();
    const withoutExit = { nodes: nodes.filter((n) => n.id !== "x"), edges: edges.filter((e) => e.target !== "x") };
    const exit = createFlowNode("exit", { x: 0, y: 0 }, "x2");
    const result = appendNode(withoutExit.nodes, withoutExit.edges, "m", exit);
    expect(result?.nodes.at(-1)?.position).toEqual({ x: 0, y: 140 + NODE_SPACING_Y });
    expect(result?.edges.some((e) => e.source === "m" && e.target === "x2")).toBe(true);
  });

  it("splices a node between a parent and its next step, moving the rest down", () => {
    const { nodes, edges } = flow();
    const wait = createFlowNode("wait", { x: 0, y: 0 }, "w");
    const result = appendNode(nodes, edges, "m", wait);
    if (!result) throw new Error("expected a result");
    const after = toJourneyGraph(result.nodes, result.edges);
    expect(after.edges.map((e) => `${e.source}>${e.target}`).sort()).toEqual(["m>w", "t>m", "w>x"]);
    expect(after.nodes.find((n) => n.id === "x")?.position.y).toBe(280 + NODE_SPACING_Y);
    expect(validateGraph(after, { templateIds: new Set(["tpl"]) })).toEqual([]);
  });

  it("sets an exit beside a wired outlet instead of cutting the journey", () => {
    const { nodes, edges } = flow();
    const result = appendNode(nodes, edges, "t", createFlowNode("exit", { x: 0, y: 0 }, "x2"));
    expect(result?.edges).toEqual(edges);
  });
});

describe("graphKey", () => {
  it("ignores object key order, so a graph read back from jsonb still counts as saved", () => {
    const reordered = JSON.parse(JSON.stringify(graph), (_k, v: unknown) =>
      v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    ) as JourneyGraph;
    expect(graphKey(reordered)).toBe(graphKey(graph));
    expect(graphKey({ ...graph, edges: [] })).not.toBe(graphKey(graph));
  });
});

describe("deleting", () => {
  it("bridges the gap a removed middle step leaves", () => {
    const { edges } = flow();
    const next = removeNodesAndBridge(edges, new Set(["m"]));
    expect(next.map((e) => `${e.source}>${e.target}`)).toEqual(["t>x"]);
  });

  it("bridges across a removed chain and leaves nothing when the end is removed", () => {
    const { edges } = flow();
    expect(removeNodesAndBridge(edges, new Set(["m", "x"]))).toEqual([]);
    const longer = connectOutlet(connectOutlet(edges, { source: "m", target: "w" }), { source: "w", target: "x" });
    expect(removeNodesAndBridge(longer, new Set(["m", "w"])).map((e) => `${e.source}>${e.target}`)).toEqual(["t>x"]);
  });
});
