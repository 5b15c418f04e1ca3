// Compiled templates by template version id, bounded. A version never changes after it is
// written, so an entry is never stale; concurrent sends of one version share one load and
// compile. The caller decides what to keep beside the compiled form (sender, reply-to…).
import { LruMap } from "../lru";

export class CompiledTemplateCache<T> {
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
   * The entry for `key` (a version id, scoped as the caller needs); `load` runs only on a miss.
   * A failed load, a null one (nothing found) or one `isKept` refuses is not kept: the next send asks again.
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
