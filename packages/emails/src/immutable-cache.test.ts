import { describe, expect, it } from "vitest";
import { ImmutableCache } from "./immutable-cache";
import { LruMap } from "./lru";

describe("LruMap", () => {
  it("evicts the least recently used entry past its capacity", () => {
    const lru = new LruMap<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(lru.get("b")).toBeUndefined();
    expect([lru.get("a"), lru.get("c"), lru.size]).toEqual([1, 3, 2]);
  });
});

describe("ImmutableCache", () => {
  it("loads a key once for concurrent callers and keeps it", async () => {
    const cache = new ImmutableCache<string>(10);
    let loads = 0;
    const load = async () => `v${++loads}`;
    const [first, second] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([first, second, await cache.get("k", load), loads]).toEqual(["v1", "v1", "v1", 1]);
  });

  it("forgets failed, empty and refused loads so the next call loads again", async () => {
    const cache = new ImmutableCache<string | null>(10, (value) => value !== "too big");
    await expect(cache.get("fail", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache.get("fail", async () => "ok")).toBe("ok");
    expect(await cache.get("empty", async () => null)).toBeNull();
    expect(await cache.get("empty", async () => "found")).toBe("found");
    expect(await cache.get("big", async () => "too big")).toBe("too big");
    await Promise.resolve();
    expect(await cache.get("big", async () => "fresh")).toBe("fresh");
  });

  it("stays bounded: the least recently used key goes past its capacity", async () => {
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
