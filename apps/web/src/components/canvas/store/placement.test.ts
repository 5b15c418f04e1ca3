import { describe, expect, it } from "vitest";
import { findFreeOffset, type Box } from "./placement";

const card = (x: number, y: number): Box => ({ x, y, width: 240, height: 80 });
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("placement", () => {
  it("keeps a spot that is already free", () => {
    expect(findFreeOffset([card(0, 400)], [card(0, 0)])).toEqual({ x: 0, y: 0 });
  });

  it("moves a card dropped on another to the nearest free spot, preferring below", () => {
    const offset = findFreeOffset([card(10, 10)], [card(0, 0)]);
    const moved = card(10 + offset.x, 10 + offset.y);
    expect(overlaps(moved, card(0, 0))).toBe(false);
    expect(offset.y).toBeGreaterThan(0);
    expect(Math.hypot(offset.x, offset.y)).toBeLessThan(140);
  });

  it("moves a group as one so none of it lands on a card, however crowded", () => {
    const crowd = Array.from({ length: 40 }, (_, i) => card((i % 8) * 260, Math.floor(i / 8) * 100));
    const group = [card(0, 0), card(0, 120)];
    const offset = findFreeOffset(group, crowd);
    const moved = group.map((b) => ({ ...b, x: b.x + offset.x, y: b.y + offset.y }));
    expect(moved.some((m) => crowd.some((c) => overlaps(m, c)))).toBe(false);
  });
});
