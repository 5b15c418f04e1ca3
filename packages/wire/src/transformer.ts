// The tRPC wire format of both ends (the API, the web client and its SSR hydration, the SDK): superjson,
// which keeps Dates and the like, with one change. superjson refuses any object holding a key
// `__proto__`, `constructor` or `prototype` (a prototype-pollution guard), so one event whose
// properties hold `constructor` made every page listing it fail. Such keys travel escaped
// behind a NUL character, which no stored key can start with (Postgres text and jsonb refuse
// NUL; ingest/storable.ts refuses it at the edge), so the escape never meets a real key.
// Each object is rebuilt only when it holds such a key, so ordinary answers cost one walk.
import superjson from "superjson";

type SuperJSONResult = ReturnType<typeof superjson.serialize>;

const GUARDED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** How many NULs lead `key` if a guarded name follows them, else -1. */
function guardedNuls(key: string): number {
  let nuls = 0;
  while (key.charCodeAt(nuls) === 0) nuls++;
  return GUARDED_NAMES.has(key.slice(nuls)) ? nuls : -1;
}

// One more NUL on the way out, one fewer on the way in: a bijection on every key.
type KeyTest = (key: string) => boolean;
const isGuardedKey: KeyTest = (key) => guardedNuls(key) >= 0;
const isEscapedKey: KeyTest = (key) => guardedNuls(key) > 0;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Deeper than this nothing is renamed: stored values nest at most 64 levels, and a hostile input
// nested 100,000 deep must not overflow the stack here (the ingest check refuses it by path).
const MAX_DEPTH = 200;

function hasKey(value: unknown, pattern: KeyTest, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => hasKey(item, pattern, depth + 1));
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) if (pattern(key) || hasKey(value[key], pattern, depth + 1)) return true;
  return false;
}

function renameKeys(value: unknown, pattern: KeyTest, rename: (key: string) => string, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, pattern, rename, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty: a plain assignment to `__proto__` would set the copy's prototype instead.
    Object.defineProperty(copy, pattern(key) ? rename(key) : key, {
      value: renameKeys(value[key], pattern, rename, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

export function escapeGuardedKeys(value: unknown): unknown {
  return hasKey(value, isGuardedKey) ? renameKeys(value, isGuardedKey, (key) => `\u0000${key}`) : value;
}

export function unescapeGuardedKeys(value: unknown): unknown {
  return hasKey(value, isEscapedKey) ? renameKeys(value, isEscapedKey, (key) => key.slice(1)) : value;
}

/** Pass as `transformer` to initTRPC and to every tRPC link, and to React Query's (de)hydration. */
export const transformer = {
  serialize: (value: unknown): SuperJSONResult => superjson.serialize(escapeGuardedKeys(value)),
  // inPlace: the payload was just parsed, and superjson's copy would silently drop an own
  // `__proto__` key, which the edge check must see to refuse it by path.
  deserialize: <T = unknown>(payload: SuperJSONResult): T =>
    unescapeGuardedKeys(superjson.deserialize(payload, { inPlace: true })) as T,
};
