// The one cache for values that never change for their key — published journey versions'
// template pins, template versions, compiled templates — bounded (least recently used out past
// `capacity`), so a worker's memory does not grow with the keys it has seen. There is no
// invalidation, so nothing mutable may go in. Concurrent misses for one key share one load.
import { LruMap } from "./lru";

export class ImmutableCache<T> {
  readonly #entries: LruMap<string, Promise<T>>;
  /** `isKept`: whether a loaded value may stay (e.g. not when it is too large to hold). */
  constructor(
    capacity = 200,
    private readonly isKept: (value: T) => boolean = () => true,
  ) {
    this.#entries = new LruMap(capacity);
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The entry for `key` (scoped as the caller needs, e.g. `<workspace>:<version>`); `load` runs
   * only on a miss. A failed load, a null one (a row missing now may be written later) or one
   * `isKept` refuses is not kept: the next call loads again.
   */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const loading = load();
    this.#entries.set(key, loading);
    const forget = () => {
      if (this.#entries.get(key) === loading) this.#entries.delete(key);
    };
    loading.then((value) => {
      if (value === null || value === undefined || !this.isKept(value)) forget();
    }, forget);
    return loading;
  }
}
