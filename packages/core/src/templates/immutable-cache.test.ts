import { describe, expect, it } from "vitest";
import { ImmutableCache } from "./immutable-cache";

describe("ImmutableCache", () => {
  it("loads a key once and serves it from memory after", async () => {
    const cache = new ImmutableCache<string>(2);
    let loads = 0;
    const load = async () => `value ${++loads}`;
    expect(await cache.get("a", load)).toBe("value 1");
    expect(await cache.get("a", load)).toBe("value 1");
    expect(loads).toBe(1);
  });

  it("does not remember a missing row, so one written later is found", async () => {
    const cache = new ImmutableCache<string>(2);
    expect(await cache.get("a", async () => null)).toBeNull();
    expect(await cache.get("a", async () => "written")).toBe("written");
  });

  it("evicts the least recently used entry past its capacity", async () => {
    const cache = new ImmutableCache<string>(2);
    await cache.get("a", async () => "a");
    await cache.get("b", async () => "b");
    await cache.get("a", async () => "unused"); // a is now the most recent
    await cache.get("c", async () => "c");
    expect(cache.size).toBe(2);
    expect(await cache.get("a", async () => "reloaded")).toBe("a");
    expect(await cache.get("b", async () => "reloaded")).toBe("reloaded");
  });
});
