import { describe, expect, it } from "vitest";
import { buildWelcomeGraph } from "./fixtures";
import { parseGraph } from "./parse";

describe("parseGraph", () => {
  it("accepts a well-formed graph and fills defaults", () => {
    const graph = buildWelcomeGraph({ welcome: "a", gettingStarted: "b" });
    const raw = JSON.parse(JSON.stringify(graph)) as { edges: Record<string, unknown>[] };
    for (const edge of raw.edges) delete edge.sourceHandle;
    const result = parseGraph(raw);
    expect(result).toEqual({ ok: true, graph });
  });

  it("names the node whose data is malformed", () => {
    const result = parseGraph({
      nodes: [
        { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "signed_up" } },
        { id: "email-2", position: { x: 0, y: 0 }, data: { kind: "email", templateId: 42 } },
      ],
      edges: [],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      {
        nodeId: "email-2",
        code: "invalid_shape",
        message: expect.stringMatching(/^Node "email-2" data\.templateId: /),
      },
    ]);
  });

  it("refuses a sticky note past its length, naming it", () => {
    const result = parseGraph({
      nodes: [{ id: "note-1", position: { x: 0, y: 0 }, data: { kind: "note", text: "x".repeat(2_001) } }],
      edges: [],
    });
    expect(!result.ok && result.issues).toEqual([
      {
        nodeId: "note-1",
        code: "invalid_shape",
        message: 'Node "note-1" data.text: A note holds at most 2000 characters',
      },
    ]);
  });

  it("names the connection whose fields are malformed", () => {
    const result = parseGraph({ nodes: [], edges: [{ id: "e1", source: "a" }] });
    expect(!result.ok && result.issues).toEqual([
      {
        nodeId: null,
        edgeId: "e1",
        code: "invalid_shape",
        message: expect.stringMatching(/^Connection "e1" target: /),
      },
    ]);
  });

  it("falls back to the path when there is no id to name", () => {
    const result = parseGraph({ nodes: [{ position: { x: 0, y: 0 }, data: { kind: "exit" } }], edges: [] });
    expect(!result.ok && result.issues.map((i) => [i.nodeId, i.message.split(":")[0]])).toEqual([
      [null, "nodes[0].id"],
    ]);
  });

  it("rejects something that is not a graph at all", () => {
    expect(parseGraph(null)).toMatchObject({ ok: false, issues: [{ nodeId: null, code: "invalid_shape" }] });
    expect(
      parseGraph({ nodes: [{ id: "x", position: { x: 0, y: 0 }, data: { kind: "teleport" } }], edges: [] }),
    ).toMatchObject({
      ok: false,
      issues: [{ nodeId: "x" }],
    });
  });
});
