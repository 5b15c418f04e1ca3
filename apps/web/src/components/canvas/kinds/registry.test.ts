import { describe, expect, it } from "vitest";
import { DEFAULT_SPLIT_AUTO_WINNER, NODE_KIND_LABELS, ZNodeDataSchema } from "@mailstream/journey/schema";
import { addRefusal, getCanvasKind, getOutlets, PALETTE_KINDS, summarizeNode } from "./registry";

const none = new Map();

describe("canvas kinds", () => {
  it("gives every journey kind a palette entry whose new node is valid config", () => {
    for (const kind of PALETTE_KINDS) {
      const canvasKind = getCanvasKind(kind);
      expect(canvasKind.kind).toBe(kind);
      expect(canvasKind.title).toBe(NODE_KIND_LABELS[kind]);
      expect(canvasKind.icon.length).toBeGreaterThan(0);
      const data = canvasKind.createData();
      expect(ZNodeDataSchema.parse(data)).toMatchObject({ kind });
      expect(summarizeNode(data, none)).not.toBe("");
    }
  });
});

describe("node summaries", () => {
  it("summarises each new kind in one line", () => {
    expect(
      summarizeNode(
        {
          kind: "wait",
          mode: "until_event",
          duration: { amount: 1, unit: "days" },
          untilEvent: {
            event: "checkout_completed",
            filters: [],
            matchOnEntryKey: false,
            timeout: { amount: 1, unit: "hours" },
          },
        },
        none,
      ),
    ).toBe("Wait until checkout_completed · 1 hour");
    expect(
      summarizeNode(
        {
          kind: "branch",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "trait", path: "cart_value", op: "gt", value: 50 }] }],
          },
        },
        none,
      ),
    ).toBe("If cart_value > 50");
    expect(
      summarizeNode(
        {
          kind: "branch",
          condition: {
            match: "all",
            groups: [
              {
                match: "all",
                predicates: [
                  { type: "matched_event", nodeId: "wait-checkout", path: "properties.total", op: "gt", value: 100 },
                ],
              },
            ],
          },
        },
        none,
      ),
    ).toBe("If wait-checkout matched properties.total > 100");
    expect(
      summarizeNode(
        {
          kind: "split",
          variants: [
            { id: "a", name: "A", weight: 50 },
            { id: "b", name: "B", weight: 50 },
          ],
          holdoutPercent: 10,
        },
        none,
      ),
    ).toBe("Split A 50% · B 50% · hold-out 10%");
    expect(
      summarizeNode(
        {
          kind: "split",
          variants: [{ id: "a", name: "A", weight: 100 }],
          holdoutPercent: 0,
          autoWinner: { ...DEFAULT_SPLIT_AUTO_WINNER, enabled: true },
        },
        none,
      ),
    ).toBe("Split A 100% · auto winner at 95%");
    expect(
      summarizeNode({ kind: "webhook", method: "POST", url: "https://hooks.test/x", headers: [], body: "" }, none),
    ).toBe("POST https://hooks.test/x");
    expect(
      summarizeNode(
        { kind: "update_contact", updates: [{ op: "set", trait: "plan", value: "pro", as: "text" }] },
        none,
      ),
    ).toBe('Set plan = "pro"');
  });
});

describe("outlets", () => {
  it("labels named outlets and uses the first for click-to-add", () => {
    const wait = {
      kind: "wait" as const,
      mode: "until_event" as const,
      duration: { amount: 1, unit: "days" as const },
      untilEvent: { event: "x", filters: [], matchOnEntryKey: false, timeout: { amount: 1, unit: "hours" as const } },
    };
    expect(getOutlets(wait)).toEqual([
      { id: "matched", label: "Matched" },
      { id: "timed_out", label: "Timed out" },
    ]);
    expect(
      getOutlets({ kind: "split", variants: [{ id: "a", name: "Short", weight: 100 }], holdoutPercent: 0 }),
    ).toEqual([{ id: "a", label: "Short 100%" }]);
    expect(getOutlets({ kind: "exit" })).toEqual([]);
    expect(getOutlets({ kind: "email", templateId: null })).toEqual([{ id: null, label: "" }]);
  });
});

describe("what may be added", () => {
  it("refuses a second trigger, saying why, and nothing else", () => {
    const trigger = { data: { kind: "trigger" as const, event: "signed_up", filters: [] } };
    const note = { data: { kind: "note" as const, text: "" } };
    expect(addRefusal("trigger", [])).toBeNull();
    expect(addRefusal("trigger", [note])).toBeNull();
    expect(addRefusal("trigger", [note, trigger])).toBe("One per journey: already added");
    for (const kind of PALETTE_KINDS.filter((k) => k !== "trigger"))
      expect(addRefusal(kind, [trigger, note])).toBeNull();
  });

  it("summarises a bad pause as its problem and a note by its text", () => {
    expect(summarizeNode({ kind: "wait", duration: { amount: 0, unit: "days" } }, none)).toBe(
      "Pause must be at least 1 second",
    );
    expect(summarizeNode({ kind: "wait", duration: { amount: 2, unit: "days" } }, none)).toBe("Wait 2 days");
    expect(summarizeNode({ kind: "note", text: "  Ask legal  " }, none)).toBe("Ask legal");
    expect(summarizeNode({ kind: "note", text: "" }, none)).toBe("Empty note");
  });
});
