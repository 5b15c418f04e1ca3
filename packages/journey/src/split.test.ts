import { describe, expect, it } from "vitest";
import { assignSplit, splitBucket } from "./split";

const ids = Array.from({ length: 10_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

describe("split assignment", () => {
  it("is stable for the same (contact, node) and differs between nodes", () => {
    expect(splitBucket("c-1", "split-1")).toBe(splitBucket("c-1", "split-1"));
    const variants = [
      { id: "a", weight: 50 },
      { id: "b", weight: 50 },
    ];
    const first = ids.slice(0, 200).map((id) => assignSplit(id, "split-1", variants, 0));
    const again = ids.slice(0, 200).map((id) => assignSplit(id, "split-1", variants, 0));
    expect(again).toEqual(first);
    const otherNode = ids.slice(0, 200).map((id) => assignSplit(id, "split-2", variants, 0));
    expect(otherNode).not.toEqual(first);
  });

  it("spreads 10k similar ids by weight within ±2% (with a 10% hold-out)", () => {
    const variants = [
      { id: "a", weight: 50 },
      { id: "b", weight: 30 },
      { id: "c", weight: 20 },
    ];
    const counts: Record<string, number> = { a: 0, b: 0, c: 0, holdout: 0 };
    for (const id of ids) {
      const assignment = assignSplit(id, "split-1", variants, 10);
      counts[assignment.holdout ? "holdout" : assignment.variantId]! += 1;
    }
    const share = (key: string) => (counts[key] as number) / ids.length;
    expect(share("holdout")).toBeCloseTo(0.1, 1);
    expect(Math.abs(share("holdout") - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(share("a") - 0.45)).toBeLessThan(0.02);
    expect(Math.abs(share("b") - 0.27)).toBeLessThan(0.02);
    expect(Math.abs(share("c") - 0.18)).toBeLessThan(0.02);
  });

  it("puts everyone in the only variant when there is no hold-out", () => {
    for (const id of ids.slice(0, 100))
      expect(assignSplit(id, "s", [{ id: "only", weight: 100 }], 0)).toMatchObject({ variantId: "only" });
  });
});
