import { describe, expect, it } from "vitest";
import { CLIPBOARD_FORMAT, CLIPBOARD_VERSION, parseClipboard } from "./canvas-clipboard";

const payload = (overrides: Record<string, unknown> = {}) => ({
  format: CLIPBOARD_FORMAT,
  version: CLIPBOARD_VERSION,
  nodes: [
    {
      id: "w",
      position: { x: 0, y: 0 },
      data: { kind: "wait", mode: "duration", duration: { amount: 1, unit: "days" } },
    },
    { id: "b", position: { x: 0, y: 140 }, data: { kind: "exit" } },
  ],
  edges: [{ id: "e", source: "w", target: "b", sourceHandle: null }],
  ...overrides,
});

describe("clipboard payload", () => {
  it("reads back what was copied", () => {
    const steps = parseClipboard(JSON.stringify(payload()));
    expect(steps?.nodes.map((n) => n.id)).toEqual(["w", "b"]);
    expect(steps?.edges).toHaveLength(1);
  });

  it.each([
    ["plain text", "hello"],
    ["an empty clipboard", ""],
    ["another format", JSON.stringify(payload({ format: "figma" }))],
    ["a future version", JSON.stringify(payload({ version: 2 }))],
    ["no steps", JSON.stringify(payload({ nodes: [], edges: [] }))],
    [
      "an unknown kind",
      JSON.stringify(payload({ nodes: [{ id: "z", position: { x: 0, y: 0 }, data: { kind: "rm_rf" } }], edges: [] })),
    ],
    [
      "an edge to nowhere",
      JSON.stringify(payload({ edges: [{ id: "e", source: "w", target: "ghost", sourceHandle: null }] })),
    ],
    [
      "an outlet the step lacks",
      JSON.stringify(payload({ edges: [{ id: "e", source: "w", target: "b", sourceHandle: "yes" }] })),
    ],
    ["a repeated id", JSON.stringify(payload({ nodes: [payload().nodes[0], payload().nodes[0]], edges: [] }))],
    [
      "an absurd position",
      JSON.stringify(payload({ nodes: [{ ...payload().nodes[1], position: { x: 1e300, y: 0 } }], edges: [] })),
    ],
    ["too much text", `${JSON.stringify(payload())}${" ".repeat(600_000)}`],
  ])("refuses %s", (_what, text) => {
    expect(parseClipboard(text)).toBeNull();
  });
});
