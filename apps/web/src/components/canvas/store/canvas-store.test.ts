import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_JOURNEY_SETTINGS, type JourneyGraph } from "@mailstream/journey/schema";
import { layoutDrawing } from "./auto-layout";
import { copySteps, parseClipboard } from "./canvas-clipboard";
import { HISTORY_LIMIT } from "./canvas-history";
import type { Position } from "./canvas-state";
import { createCanvasStore } from "./canvas-store";
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

const store = () =>
  createCanvasStore({ graph, templates: [{ id: "tpl", name: "Welcome", subject: "Hi" }], segments: [] });

describe("canvas store", () => {
  it("keeps the same graph object through changes that are not edits", () => {
    const s = store();
    const before = s.getState().graph;
    s.getState().actions.selectNode("m");
    s.getState().actions.applyNodeChanges([{ type: "dimensions", id: "m", dimensions: { width: 240, height: 64 } }]);
    expect(s.getState().graph).toBe(before);
    expect(s.getState().selectedNode?.id).toBe("m");
  });

  it("deletes a node as one edit and bridges the journey over it", () => {
    const s = store();
    // React Flow reports the node and the edges touching it.
    s.getState().actions.deleteElements(["m"], ["e1", "e2"]);
    const { graph: after } = s.getState();
    expect(after.nodes.map((n) => n.id)).toEqual(["t", "x"]);
    expect(after.edges.map((e) => [e.source, e.target])).toEqual([["t", "x"]]);
  });

  it("adds after the selection, selects the new node and validates it", () => {
    const s = store();
    s.getState().actions.selectNode("x");
    s.getState().actions.removeNode("x");
    s.getState().actions.selectNode("m");
    const id = s.getState().actions.addNodeAfterSelection("wait", { x: 0, y: 0 });
    expect(s.getState().selectedNode?.id).toBe(id);
    const exitId = s.getState().actions.addNodeAfterSelection("exit", { x: 0, y: 0 });
    const state = s.getState();
    expect(state.graph.edges.some((e) => e.source === "m" && e.target === id)).toBe(true);
    expect(state.graph.edges.some((e) => e.source === id && e.target === exitId)).toBe(true);
    expect(state.issuesByNode.size).toBe(0);
    s.getState().actions.updateNodeData("m", { kind: "email", templateId: "missing" });
    expect(s.getState().issuesByNode.get("m")?.length).toBeGreaterThan(0);
  });

  it("opens the settings without a selection and goes back to the inspector on a pick", () => {
    const s = store();
    s.getState().actions.selectNode("m");
    s.getState().actions.toggleSettings();
    expect(s.getState().panel).toBe("settings");
    expect(s.getState().selectedNode).toBeNull();
    s.getState().actions.selectNode("x");
    expect(s.getState().panel).toBe("inspector");
  });

  it("shows a rejected publish's issues only while the graph is the one sent", () => {
    const s = store();
    const key = s.getState().graphKey;
    s.getState().actions.setPublishRejection({ key, issues: [{ nodeId: null, code: "server", message: "Nope" }] });
    expect(s.getState().journeyIssues.map((i) => i.message)).toEqual(["Nope"]);
    s.getState().actions.updateSettings({ ...DEFAULT_JOURNEY_SETTINGS, timeZone: "Europe/Paris" });
    expect(s.getState().journeyIssues.map((i) => i.message)).not.toContain("Nope");
  });

  it("adds unconnected after a step whose only outlet is wired, leaving the path as it was", () => {
    const s = store();
    const before = s.getState().graph;
    s.getState().actions.selectNode("t");
    const id = s.getState().actions.addNodeAfterSelection("wait", { x: 0, y: 0 });
    const after = s.getState().graph;
    expect(after.edges).toEqual(before.edges);
    expect(after.nodes.filter((n) => n.id !== id)).toEqual(before.nodes);
  });
});

describe("canvas history", () => {
  afterEach(() => vi.useRealTimers());
  const nodeIds = (s: ReturnType<typeof store>) => s.getState().graph.nodes.map((n) => n.id);

  it("undoes and redoes adds, deletes and connections one step each", () => {
    const s = store();
    const { actions } = s.getState();
    const first = actions.addNodeAt("wait", { x: 400, y: 0 });
    const second = actions.addNodeAt("webhook", { x: 400, y: 200 });
    actions.connect({ source: first, target: second, sourceHandle: null, targetHandle: null });
    actions.deleteElements(["m"], ["e1", "e2"]);
    expect(s.getState().history.past).toHaveLength(4);

    actions.undo();
    expect(nodeIds(s)).toContain("m");
    expect(s.getState().graph.edges.map((e) => `${e.source}>${e.target}`)).toContain("t>m");
    actions.undo();
    expect(s.getState().graph.edges.some((e) => e.source === first)).toBe(false);
    actions.undo();
    expect(nodeIds(s)).not.toContain(second);
    actions.redo();
    expect(nodeIds(s)).toContain(second);
    expect(s.getState().history.future).toHaveLength(2);
    // A new edit after an undo drops what could have been redone.
    actions.addNodeAt("exit", { x: 800, y: 0 });
    expect(s.getState().history.future).toHaveLength(0);
  });

  it("folds a typing burst in one field into one step, and a pause or another field starts a new one", () => {
    vi.useFakeTimers();
    const s = store();
    const { actions } = s.getState();
    const trigger = () => s.getState().graph.nodes[0]?.data;
    for (const event of ["s", "si", "sig", "sign"]) {
      actions.updateNodeData("t", { kind: "trigger", event, filters: [] });
      vi.advanceTimersByTime(300);
    }
    expect(s.getState().history.past).toHaveLength(1);
    vi.advanceTimersByTime(1500);
    actions.updateNodeData("t", { kind: "trigger", event: "signup", filters: [] });
    expect(s.getState().history.past).toHaveLength(2);
    actions.sealHistory();
    actions.updateNodeData("t", { kind: "trigger", event: "signups", filters: [] });
    expect(s.getState().history.past).toHaveLength(3);
    actions.updateNodeData("m", { kind: "email", templateId: null });
    expect(s.getState().history.past).toHaveLength(4);

    actions.undo();
    actions.undo();
    expect(trigger()).toMatchObject({ event: "signup" });
    actions.undo();
    expect(trigger()).toMatchObject({ event: "sign" });
    actions.undo();
    expect(trigger()).toMatchObject({ event: "signed_up" });
  });

  it("records a drag as one step on drop, and never a selection or a measurement", () => {
    const s = store();
    const { actions } = s.getState();
    actions.selectNode("m");
    actions.applyNodeChanges([{ type: "dimensions", id: "m", dimensions: { width: 240, height: 64 } }]);
    expect(s.getState().history.past).toHaveLength(0);
    for (const x of [10, 40, 80]) {
      actions.applyNodeChanges([{ type: "position", id: "m", position: { x, y: 140 }, dragging: true }]);
    }
    actions.applyNodeChanges([{ type: "position", id: "m", position: { x: 80, y: 140 }, dragging: false }]);
    expect(s.getState().history.past).toHaveLength(1);
    actions.applyNodeChanges([{ type: "position", id: "m", position: { x: 120, y: 140 }, dragging: true }]);
    actions.applyNodeChanges([{ type: "position", id: "m", position: { x: 120, y: 140 }, dragging: false }]);
    expect(s.getState().history.past).toHaveLength(2);
    actions.undo();
    expect(s.getState().graph.nodes.find((n) => n.id === "m")?.position).toEqual({ x: 80, y: 140 });
    actions.undo();
    expect(s.getState().graph.nodes.find((n) => n.id === "m")?.position).toEqual({ x: 0, y: 140 });
  });

  it("keeps at most HISTORY_LIMIT steps", () => {
    const s = store();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) s.getState().actions.addNodeAt("exit", { x: 0, y: 1000 + i * 200 });
    expect(s.getState().history.past).toHaveLength(HISTORY_LIMIT);
  });
});

describe("copy, paste, duplicate and tidy up", () => {
  const selectAll = (s: ReturnType<typeof store>, ids: string[]) =>
    s.getState().actions.applyNodeChanges(ids.map((id) => ({ type: "select", id, selected: true })));
  const overlapsAny = (s: ReturnType<typeof store>, ids: string[]) => {
    const { nodes } = s.getState();
    const boxes = nodes.map((n) => ({ id: n.id, ...boxOf(n) }));
    return boxes.some(
      (a) =>
        ids.includes(a.id) &&
        boxes.some(
          (b) =>
            b.id !== a.id && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height,
        ),
    );
  };

  it("duplicates several steps with their settings and the edge between them, clear of the rest", () => {
    const s = store();
    selectAll(s, ["m", "x"]);
    expect(s.getState().selectionCount).toBe(2);
    expect(s.getState().selectedNode).toBeNull();
    const copies = s.getState().actions.duplicateSelection();
    expect(copies).toHaveLength(2);
    const { graph } = s.getState();
    const [mailCopy, exitCopy] = copies.map((id) => graph.nodes.find((n) => n.id === id));
    expect(mailCopy?.data).toEqual({ kind: "email", templateId: "tpl" });
    expect(exitCopy?.data.kind).toBe("exit");
    expect(graph.edges.some((e) => e.source === mailCopy?.id && e.target === exitCopy?.id)).toBe(true);
    expect(graph.edges.filter((e) => e.target === mailCopy?.id)).toHaveLength(0);
    expect(overlapsAny(s, copies)).toBe(false);
    expect(s.getState().selectionCount).toBe(2);
    s.getState().actions.undo();
    expect(s.getState().graph.nodes).toHaveLength(3);
  });

  it("pastes into another journey without a second trigger", () => {
    const source = store();
    selectAll(source, ["t", "m"]);
    const text = copySteps(source.getState().nodes, source.getState().edges);
    if (!text) throw new Error("expected clipboard text");

    const target = store();
    const steps = parseClipboard(text);
    if (!steps) throw new Error("expected the copied steps to parse");
    const pasted = target.getState().actions.pasteSteps(steps, { x: 0, y: 0 });
    expect(pasted).toHaveLength(1);
    const kinds = target.getState().graph.nodes.map((n) => n.data.kind);
    expect(kinds.filter((k) => k === "trigger")).toHaveLength(1);
    expect(overlapsAny(target, pasted)).toBe(false);

    const empty = createCanvasStore({ graph: { nodes: [], edges: [] } });
    expect(empty.getState().actions.pasteSteps(steps)).toHaveLength(2);
    expect(empty.getState().graph.edges).toHaveLength(1);
  });

  it("pastes only one of two copied triggers into a journey without one", () => {
    const trigger = (id: string) => ({
      id,
      position: { x: 0, y: 0 },
      data: { kind: "trigger" as const, event: "signed_up", filters: [] },
    });
    const empty = createCanvasStore({ graph: { nodes: [], edges: [] } });
    const pasted = empty.getState().actions.pasteSteps({ nodes: [trigger("a"), trigger("b")], edges: [] });
    expect(pasted).toHaveLength(1);
    expect(empty.getState().graph.nodes.filter((n) => n.data.kind === "trigger")).toHaveLength(1);
  });

  it("treats a sticky note like a step: its text edits undo and redo, it copies and pastes, and it is never wired", () => {
    const s = store();
    const { actions } = s.getState();
    actions.selectNode("m");
    const noteId = actions.addNodeAfterSelection("note", { x: 0, y: 0 });
    const edgesAfterAdd = s.getState().graph.edges;
    expect(edgesAfterAdd.some((e) => e.source === noteId || e.target === noteId)).toBe(false);
    const note = () => s.getState().graph.nodes.find((n) => n.id === noteId)?.data;
    actions.updateNodeData(noteId, { kind: "note", text: "Ask legal" });
    actions.sealHistory();
    actions.updateNodeData(noteId, { kind: "note", text: "Ask legal first" });
    actions.undo();
    expect(note()).toEqual({ kind: "note", text: "Ask legal" });
    actions.undo();
    expect(note()).toEqual({ kind: "note", text: "" });
    actions.redo();
    actions.redo();
    expect(note()).toEqual({ kind: "note", text: "Ask legal first" });

    actions.selectNode(noteId);
    const text = copySteps(s.getState().nodes, s.getState().edges);
    const steps = text ? parseClipboard(text) : null;
    if (!steps) throw new Error("expected the copied note to parse");
    const [pastedId] = actions.pasteSteps(steps);
    expect(s.getState().graph.nodes.find((n) => n.id === pastedId)?.data).toEqual({
      kind: "note",
      text: "Ask legal first",
    });
    const [duplicateId] = actions.duplicateSelection();
    expect(s.getState().graph.nodes.find((n) => n.id === duplicateId)?.data.kind).toBe("note");
    expect(s.getState().graph.edges).toEqual(edgesAfterAdd);
  });

  it("lays the drawing out top-down as one undoable step, yes left of no, no edge across a step", async () => {
    const s = createCanvasStore({
      graph: {
        nodes: [
          { id: "t", position: { x: 500, y: 500 }, data: { kind: "trigger", event: "signed_up", filters: [] } },
          { id: "b", position: { x: 0, y: 0 }, data: { kind: "exit" } },
          { id: "w", position: { x: 900, y: 20 }, data: { kind: "wait", duration: { amount: 1, unit: "days" } } },
          { id: "x", position: { x: 40, y: 900 }, data: { kind: "exit" } },
        ],
        edges: [],
      },
    });
    const { actions } = s.getState();
    actions.updateNodeData("b", {
      kind: "branch",
      condition: {
        match: "all",
        groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "exists" }] }],
      },
    });
    actions.connect({ source: "t", target: "b", sourceHandle: null, targetHandle: null });
    actions.connect({ source: "b", target: "w", sourceHandle: "no", targetHandle: null });
    actions.connect({ source: "w", target: "x", sourceHandle: null, targetHandle: null });
    // Yes skips a row: its edge must go round the wait, not through it.
    actions.connect({ source: "b", target: "x", sourceHandle: "yes", targetHandle: null });
    const steps = s.getState().history.past.length;
    const { nodes, edges } = s.getState();
    const layout = await layoutDrawing(nodes, edges);
    actions.applyLayout(layout);
    const at = (id: string) => s.getState().graph.nodes.find((n) => n.id === id)?.position ?? { x: NaN, y: NaN };
    expect(at("t").y).toBeLessThan(at("b").y);
    expect(at("b").y).toBeLessThan(at("w").y);
    expect(at("w").y).toBeLessThan(at("x").y);
    expect(overlapsAny(s, ["t", "b", "w", "x"])).toBe(false);

    // Every routed segment stays out of every card it does not start or end at.
    const placed = s.getState().nodes;
    expect(layout.routes.size).toBe(4);
    for (const edge of s.getState().edges) {
      const route = layout.routes.get(edge.id) ?? [];
      expect(s.getState().edges.find((e) => e.id === edge.id)?.data?.route).toEqual(route);
      const others = placed.filter((n) => n.id !== edge.source && n.id !== edge.target).map(boxOf);
      for (let i = 1; i < route.length; i++) {
        const [a, b] = [route[i - 1], route[i]] as [Position, Position];
        const crosses = others.some(
          (box) =>
            Math.max(a.x, b.x) > box.x &&
            Math.min(a.x, b.x) < box.x + box.width &&
            Math.max(a.y, b.y) > box.y &&
            Math.min(a.y, b.y) < box.y + box.height,
        );
        expect(crosses, `${edge.id} segment ${i}`).toBe(false);
      }
    }
    const yesEdge = layout.routes.get(s.getState().edges.find((e) => e.sourceHandle === "yes")?.id ?? "");
    const noEdge = layout.routes.get(s.getState().edges.find((e) => e.sourceHandle === "no")?.id ?? "");
    expect(yesEdge?.[0]?.x).toBeLessThan(noEdge?.[0]?.x ?? NaN);

    expect(s.getState().history.past).toHaveLength(steps + 1);
    actions.undo();
    expect(at("t")).toEqual({ x: 500, y: 500 });
  });
});
