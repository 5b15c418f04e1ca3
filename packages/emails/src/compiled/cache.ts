// Compiled templates by template version id, bounded. A version never changes after it is
// written, so an entry is never stale; concurrent sends of one version share one load and
// compile. The caller decides what to keep beside the compiled form (sender, reply-to…).
import { LruMap } from "../lru";

export class CompiledTemplateCache<T> {
  readonly #entries: LruMap<string, Promise<T>>;
  constructor(capacity = 500) {
    this.#entries = new LruMap(capacity);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `versionId`; `load` runs only on a miss. A failed load is not kept (the next send tries again). */
  get(versionId: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(versionId);
    if (hit) return hit;
    const loading = load();
    this.#entries.set(versionId, loading);
    loading.catch(() => {
      if (this.#entries.get(versionId) === loading) this.#entries.delete(versionId);
    });
    return loading;
  }
}
