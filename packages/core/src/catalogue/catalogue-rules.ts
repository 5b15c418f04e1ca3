// What the catalogue keeps and what it never keeps (docs/contacts.md, "The catalogue"): the
// caps per workspace, which paths an event or identify shows, and the personal-data rule —
// values of paths that name personal data, and values that look like it, are never kept.
// Pure functions; the pass (refresh-catalogue.ts) applies them.

export const CATALOGUE_LIMITS = {
  /** Event names per workspace. */
  eventNames: 50,
  /** Property paths per event name. */
  pathsPerEvent: 50,
  /** Trait paths per workspace. */
  traits: 100,
  /** Values per path (per event for event properties). */
  valuesPerPath: 20,
  /** Every row of a workspace together: names, paths and values. */
  totalPerWorkspace: 5_000,
  /** A value longer than this is not a value anyone picks from a list. */
  valueLength: 64,
  /** A path deeper than this (properties.a.b.c) is not followed further. */
  pathDepth: 3,
  /** A value is suggested only once this many distinct identities sent it. */
  minContributors: 3,
  /** Identity hashes kept per value (enough to stay shown after an erasure or two). */
  keptContributors: 5,
  /** Entries not seen for this long are dropped. */
  retentionDays: 90,
} as const;

/**
 * Words that name personal data. A value under a path whose last segment names one is never
 * kept, only the path: words of up to three letters must be a whole word of the segment
 * (`ip`, `client_ip`, `clientIp`), longer ones may appear anywhere in it (`billingAddress`).
 * Deliberately broad: `product_name` loses its values too, a price worth paying.
 */
const PERSONAL_SEGMENT_PARTS = [
  "email",
  "mail",
  "phone",
  "mobile",
  "fax",
  "name",
  "address",
  "street",
  "zip",
  "postcode",
  "postal",
  "city",
  "ip",
  "ssn",
  "passport",
  "birth",
  "dob",
  "age",
  "gender",
  "password",
  "token",
  "secret",
  "userid",
  "anonymousid",
  "card",
  "iban",
  "account",
  "lat",
  "lng",
  "lon",
  "geo",
  "location",
  "ua",
  "useragent",
  "url",
  "referrer",
];

export function isPersonalPath(path: string): boolean {
  const segment = path.split(".").at(-1) ?? "";
  // Words of snake_case, kebab-case, spaced and camelCase names.
  const words = segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
  const joined = words.join("");
  return PERSONAL_SEGMENT_PARTS.some((part) => (part.length <= 3 ? words.includes(part) : joined.includes(part)));
}

// An address, a phone-like run of digits, something that looks like a URL, id or token.
const PERSONAL_LOOKING_VALUE = /@|\d[\d\s().+-]{6,}\d|:\/\/|^[0-9a-f]{8}-[0-9a-f]{4}-|^[A-Za-z0-9_-]{24,}$/i;

/** The value as the catalogue keeps it, or null when it is not a short scalar or looks personal. */
export function catalogueValue(value: unknown): string | null {
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "" || text.length > CATALOGUE_LIMITS.valueLength) return null;
  return PERSONAL_LOOKING_VALUE.test(text) ? null : text;
}

/** A path segment the filters can address and a person would type (no dots, no control characters). */
function isNameable(key: string): boolean {
  return key !== "" && key.length <= 100 && !key.includes(".") && !/[\p{Cc}]/u.test(key);
}

/** Every path of `record` (under `prefix`) to depth `pathDepth`, with its value; arrays and objects are leaves' parents only. */
export function flattenPaths(record: Record<string, unknown>, prefix: string): { path: string; value: unknown }[] {
  const found: { path: string; value: unknown }[] = [];
  const walk = (node: Record<string, unknown>, base: string, depth: number) => {
    for (const [key, value] of Object.entries(node)) {
      if (!isNameable(key)) continue;
      const path = base === "" ? key : `${base}.${key}`;
      found.push({ path, value });
      const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
      if (isObject && depth < CATALOGUE_LIMITS.pathDepth) walk(value as Record<string, unknown>, path, depth + 1);
    }
  };
  walk(record, prefix, 1);
  return found;
}
