// A small in-process cache for rows that never change once written — published journey
// versions and template versions — keyed by their ids. Nothing mutable may go in: there is
// no invalidation, only eviction of the least recently used entry past `capacity`.
export class ImmutableCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The cached value, or `load()`'s (cached unless null: a row that is missing now may appear later). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = await load();
    if (value === null) return null;
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
