import { describe, expect, it } from "vitest";
import { DEFAULT_JOURNEY_SETTINGS, type JourneyGraph } from "@mailstream/journey/schema";
import { createCanvasStore } from "./canvas-store";

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
    s.getState().actions.selectNode("t");
    const id = s.getState().actions.addNodeAfterSelection("wait", { x: 0, y: 0 });
    const state = s.getState();
    expect(state.selectedNode?.id).toBe(id);
    expect(state.graph.edges.some((e) => e.source === "t" && e.target === id)).toBe(true);
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
});
