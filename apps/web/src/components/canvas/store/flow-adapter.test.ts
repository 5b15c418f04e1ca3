import { describe, expect, it } from "vitest";
import type { JourneyGraph } from "@mailstream/journey/schema";
import {
  appendNode,
  canConnect,
  connectOutlet,
  createFlowNode,
  freeOutlets,
  graphKey,
  NODE_SPACING_Y,
  removeNodesAndBridge,
  toFlowEdges,
  toFlowNodes,
  toJourneyGraph,
} from "./flow-adapter";
import { boxOf } from "./placement";

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
  const branchFlow = () => {
    const { nodes, edges } = flow();
    const branch = createFlowNode("branch", { x: 0, y: 140 }, "b");
    return {
      nodes: [...nodes.filter((n) => n.id !== "m"), branch],
      edges: [
        ...connectOutlet(
          edges.filter((e) => e.source !== "m" && e.target !== "m"),
          { source: "t", target: "b" },
        ),
        ...connectOutlet([], { source: "b", target: "x", sourceHandle: "yes" }),
      ],
    };
  };
  const positionsOf = (nodes: readonly { id: string; position: { x: number; y: number } }[]) =>
    Object.fromEntries(nodes.map((n) => [n.id, n.position]));

  it("wires a node into a free outlet, below its parent", () => {
    const { nodes, edges } = flow();
    const withoutExit = { nodes: nodes.filter((n) => n.id !== "x"), edges: edges.filter((e) => e.target !== "x") };
    const exit = createFlowNode("exit", { x: 0, y: 0 }, "x2");
    const result = appendNode(withoutExit.nodes, withoutExit.edges, "m", exit);
    expect(result?.nodes.at(-1)?.position).toEqual({ x: 0, y: 140 + NODE_SPACING_Y });
    expect(result?.edges.some((e) => e.source === "m" && e.target === "x2")).toBe(true);
    expect(result?.wiredFrom).toBeNull();
  });

  it("goes to the free No outlet of a branch whose Yes is wired, in No's column", () => {
    const { nodes, edges } = branchFlow();
    const split = createFlowNode("split", { x: 0, y: 0 }, "s");
    expect(freeOutlets(nodes, edges, "b").map((o) => o.id)).toEqual(["no"]);
    const result = appendNode(nodes, edges, "b", split);
    expect(result?.wiredFrom).toBe("no");
    const wired = result?.edges.filter((e) => e.source === "b").map((e) => `${e.sourceHandle}>${e.target}`);
    expect(wired?.sort()).toEqual(["no>s", "yes>x"]);
    const placed = result?.nodes.find((n) => n.id === "s");
    expect(placed?.position.x).toBeGreaterThan(0);
  });

  it("takes the outlet asked for when several are free, and refuses a wired one", () => {
    const { nodes, edges } = branchFlow();
    const unwired = edges.filter((e) => e.source !== "b");
    expect(freeOutlets(nodes, unwired, "b").map((o) => o.label)).toEqual(["Yes", "No"]);
    const asked = appendNode(nodes, unwired, "b", createFlowNode("wait", { x: 0, y: 0 }, "w"), "no");
    expect(asked?.edges.find((e) => e.target === "w")?.sourceHandle).toBe("no");
    const wiredOutlet = appendNode(nodes, edges, "b", createFlowNode("wait", { x: 0, y: 0 }, "w"), "yes");
    expect(wiredOutlet?.wiredFrom).toBeUndefined();
    expect(wiredOutlet?.edges).toEqual(edges);
  });

  it("places a step unconnected when every outlet is wired, never rewiring or moving the path", () => {
    const { nodes, edges } = flow();
    const result = appendNode(nodes, edges, "m", createFlowNode("wait", { x: 0, y: 0 }, "w"));
    if (!result) throw new Error("expected a result");
    expect(result.wiredFrom).toBeUndefined();
    expect(result.edges).toEqual(edges);
    expect(positionsOf(result.nodes.slice(0, -1))).toEqual(positionsOf(nodes));
    const placed = boxOf(result.nodes.at(-1) as (typeof result.nodes)[number]);
    expect(
      nodes
        .map(boxOf)
        .some(
          (box) =>
            placed.x < box.x + box.width &&
            box.x < placed.x + placed.width &&
            placed.y < box.y + box.height &&
            box.y < placed.y + placed.height,
        ),
    ).toBe(false);
  });

  it("sets a trigger beside instead of wiring into it", () => {
    const { nodes, edges } = flow();
    const withoutExit = { nodes: nodes.filter((n) => n.id !== "x"), edges: edges.filter((e) => e.target !== "x") };
    const result = appendNode(
      withoutExit.nodes,
      withoutExit.edges,
      "m",
      createFlowNode("trigger", { x: 0, y: 0 }, "t2"),
    );
    expect(result?.edges).toEqual(withoutExit.edges);
  });

  it("moves the new step clear of a node already sitting where it would go", () => {
    const { nodes, edges } = flow();
    const withoutEdge = edges.filter((e) => e.target !== "x");
    const result = appendNode(nodes, withoutEdge, "m", createFlowNode("wait", { x: 0, y: 0 }, "w"));
    const placed = result?.nodes.find((n) => n.id === "w");
    expect(placed?.position).not.toEqual({ x: 0, y: 280 });
    expect(result?.nodes.find((n) => n.id === "x")?.position).toEqual({ x: 0, y: 280 });
    expect(result?.edges.some((e) => e.source === "m" && e.target === "w")).toBe(true);
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
