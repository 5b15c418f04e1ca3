// The seeded ingest fuzzer's generators (pure: no I/O): hostile events for every Segment call,
// singly or in batches, each with the verdict the API owes it. `accept`: hostile but storable
// (RTL, emoji, long text, keys such as constructor or dotted ones, -0, deep but ≤ 64 levels,
// years 1 and 9999, repeated messageIds); `refuse`: what the edge must name with a 400 or 413
// (NUL, lone surrogates, __proto__, nests past 64 levels, year 0000, a clock-skew correction
// out of range, 1e400, wrong types, an event over 32 KB). Used by ingest-fuzz.test.ts and the
// Playwright sample (e2e/specs/fuzz-sample.spec.ts), so both see the same events for a seed.

export type FuzzCall = "track" | "identify" | "page" | "screen" | "group" | "alias";
export type Verdict = "accept" | "refuse";

export interface FuzzEvent {
  call: FuzzCall;
  messageId: string;
  /** The JSON text of the event (a string: 1e400 cannot be written from a JS number). */
  json: string;
  verdict: Verdict;
  /** What made it hostile, for a failure message. */
  traits: string[];
}

export interface FuzzCase {
  index: number;
  channel: "http" | "trpc";
  /** A single call, or `batch` with several events. */
  call: FuzzCall | "batch";
  events: FuzzEvent[];
  /** The whole request's verdict: a batch with one refused event is refused as a whole. */
  verdict: Verdict;
}

/** mulberry32: small, fast, and the same sequence for a seed on every machine. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const CALLS: readonly FuzzCall[] = ["track", "identify", "page", "screen", "group", "alias"];

const HOSTILE_TEXT = [
  "\u202eevil\u202c RTL override",
  "مرحبا بالعالم",
  "שלום",
  "👩🏽‍💻🚀🎉",
  "Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘",
  "'; drop table events; --",
  "<script>alert(1)</script>",
  "{{ contact.email }}",
  "NaN",
  "Infinity",
  "-0",
  "1e400",
  "",
  " ",
  "\t\n\r",
  "\u2028\u2029",
  "\ufeffbom",
];
const HOSTILE_KEYS = [
  "constructor",
  "toString",
  "prototype",
  "valueOf",
  "hasOwnProperty",
  "",
  "a.b",
  "a.b.c",
  "$ref",
  "__defineGetter__",
];
const HOSTILE_NUMBERS = [-0, 0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324, 0.1 + 0.2, -1];
// Event names are trimmed and must not end up empty.
const NAME_TEXT = HOSTILE_TEXT.filter((text) => text.trim().length > 0);
const UNSTORABLE_TEXT = ["a\u0000b", "\u0000", "x\ud800", "\udc00y", "\ud83d"];
// A userId pool small enough that each contact gathers many events.
export const FUZZ_USER_IDS = Array.from({ length: 24 }, (_, i) =>
  i % 4 === 0 ? `fz-user-${i}-\u202eلا` : i % 4 === 1 ? `fz-user-${i}-🙂` : `fz-user-${i}`,
);

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { n: value } : [value];
  return value;
}

/** A bag of storable hostile properties; `depthLeft` keeps the event within 64 levels. */
function storableBag(rng: Rng, traits: string[]): Record<string, unknown> {
  const bag: Record<string, unknown> = {};
  const entries = 1 + Math.floor(rng() * 5);
  for (let i = 0; i < entries; i++) {
    const key = rng() < 0.5 ? pick(rng, HOSTILE_KEYS) : `p${i}`;
    const roll = rng();
    if (roll < 0.3) bag[key] = pick(rng, HOSTILE_TEXT);
    else if (roll < 0.5) bag[key] = pick(rng, HOSTILE_NUMBERS);
    else if (roll < 0.6) bag[key] = "long ".repeat(200 + Math.floor(rng() * 400));
    else if (roll < 0.7) {
      // Properties sit at level 2 of the event; 60 more levels stay within 64.
      bag[key] = nested(1 + Math.floor(rng() * 60), "deep");
      traits.push("deep");
    } else if (roll < 0.8) bag[key] = [true, null, pick(rng, HOSTILE_TEXT), { [pick(rng, HOSTILE_KEYS)]: 1 }];
    else if (roll < 0.9)
      bag[key] = { [pick(rng, HOSTILE_KEYS)]: { [pick(rng, HOSTILE_KEYS)]: pick(rng, HOSTILE_TEXT) } };
    else bag[key] = null;
  }
  return bag;
}

function baseEvent(rng: Rng, call: FuzzCall, messageId: string, traits: string[]): Record<string, unknown> {
  const userId = pick(rng, FUZZ_USER_IDS);
  const event: Record<string, unknown> = { type: call, messageId, userId };
  if (rng() < 0.3) event.anonymousId = `anon-${Math.floor(rng() * 50)}`;
  if (rng() < 0.4)
    event.context = { ip: "203.0.113.9", locale: pick(rng, ["ar", "he-IL", "en"]), [pick(rng, HOSTILE_KEYS)]: 1 };
  switch (call) {
    case "track":
      event.event = rng() < 0.5 ? `fz_${pick(rng, ["signed_up", "order", "viewed"])}` : pick(rng, NAME_TEXT);
      event.properties = storableBag(rng, traits);
      if (rng() < 0.3) event.traits = storableBag(rng, traits);
      break;
    case "identify":
    case "group":
      event.traits = storableBag(rng, traits);
      if (call === "group") event.groupId = rng() < 0.2 ? 42 : `grp-${pick(rng, HOSTILE_TEXT).slice(0, 50)}`;
      break;
    case "page":
    case "screen":
      if (rng() < 0.7) event.name = pick(rng, HOSTILE_TEXT).slice(0, 100);
      event.properties = storableBag(rng, traits);
      break;
    case "alias":
      event.previousId = `anon-${Math.floor(rng() * 50)}`;
      break;
  }
  const timeRoll = rng();
  if (timeRoll < 0.1) event.timestamp = "0001-01-01T00:00:00.000Z";
  else if (timeRoll < 0.2) event.timestamp = "9999-12-31T23:59:59.000Z";
  else if (timeRoll < 0.5) event.timestamp = new Date(Date.UTC(2020, 0, 1) + Math.floor(rng() * 1e11)).toISOString();
  if (timeRoll >= 0.2 && timeRoll < 0.3) event.sentAt = event.timestamp;
  return event;
}

const PLACEHOLDER = "__fuzz_raw_number__";
const DEEP_PLACEHOLDER = "__fuzz_deep__";

/** One way to make an event unstorable or invalid; returns its name. */
function spoil(rng: Rng, event: Record<string, unknown>): string {
  const bag = (event.properties ?? event.traits ?? (event.context ??= {})) as Record<string, unknown>;
  switch (Math.floor(rng() * 12)) {
    case 0:
      bag.bad = pick(rng, UNSTORABLE_TEXT);
      return "unstorable string";
    case 1:
      bag[`k${pick(rng, UNSTORABLE_TEXT)}`] = 1;
      return "unstorable key";
    case 2:
      Object.defineProperty(bag, "__proto__", { value: { polluted: true }, enumerable: true });
      return "__proto__ key";
    case 3:
      // Written as text: JSON.stringify of a 5,000-deep value overflows a test worker's stack.
      bag.deep = `${DEEP_PLACEHOLDER}${63 + Math.floor(rng() * 5000)}`;
      return "nest past 64";
    case 4:
      event.timestamp = "0000-01-01T00:00:00.000Z";
      return "year 0000";
    case 5:
      // Each date is valid; receivedAt − (sentAt − timestamp) lands before year 1 or after 9999.
      [event.timestamp, event.sentAt] =
        rng() < 0.5
          ? ["2020-01-01T00:00:00.000Z", "9999-01-01T00:00:00.000Z"]
          : ["9999-12-31T00:00:00.000Z", "0001-01-01T00:00:00.000Z"];
      return "correction out of range";
    case 6:
      event.timestamp = pick(rng, ["yesterday", "2020-13-45T00:00:00Z", "", "2020-01-01", 1_700_000_000]);
      return "garbage timestamp";
    case 7:
      bag.n = PLACEHOLDER;
      return "1e400";
    case 8:
      event.userId = rng() < 0.5 ? `u${pick(rng, UNSTORABLE_TEXT)}` : { id: 1 };
      return "bad userId";
    case 9:
      if (event.type === "track") event.event = rng() < 0.5 ? 123 : `e${pick(rng, UNSTORABLE_TEXT)}`;
      else event.messageId = `${String(event.messageId)}\u0000`;
      return "bad event name or messageId";
    case 10:
      if (event.type === "alias") event.previousId = null;
      else if (event.type === "group") event.groupId = null;
      else if ("properties" in event) event.properties = "not an object";
      else event.traits = [1, 2];
      return "wrong type";
    default:
      bag.huge = "x".repeat(40 * 1024);
      return "over 32 KB";
  }
}

function toJson(event: Record<string, unknown>): string {
  return JSON.stringify(event)
    .replace(`"${PLACEHOLDER}"`, "1e400")
    .replace(/"__fuzz_deep__(\d+)"/, (_, depth: string) => `${"[".repeat(Number(depth))}1${"]".repeat(Number(depth))}`);
}

function makeEvent(rng: Rng, seed: number, serial: number, call: FuzzCall, refuse: boolean): FuzzEvent {
  const messageId = `fz-${seed}-${serial}`;
  const traits: string[] = [];
  const event = baseEvent(rng, call, messageId, traits);
  if (refuse) traits.push(spoil(rng, event));
  return { call, messageId, json: toJson(event), verdict: refuse ? "refuse" : "accept", traits };
}

/**
 * `count` cases for `seed`: 55 % single calls, 45 % batches of 2–6 events; about a third of
 * the requests refused; one accepted event in 20 repeats an earlier accepted messageId with
 * other content (accepted, stored once).
 */
export function generateFuzzCases(seed: number, count: number): FuzzCase[] {
  const rng = createRng(seed);
  const cases: FuzzCase[] = [];
  const acceptedIds: string[] = [];
  let serial = 0;
  const nextEvent = (call: FuzzCall, refuse: boolean): FuzzEvent => {
    const event = makeEvent(rng, seed, serial++, call, refuse);
    if (!refuse && acceptedIds.length > 0 && rng() < 0.05) {
      const repeated = pick(rng, acceptedIds);
      event.json = event.json.replace(`"messageId":"${event.messageId}"`, `"messageId":"${repeated}"`);
      event.messageId = repeated;
      event.traits.push("repeated messageId");
    }
    return event;
  };
  for (let index = 0; index < count; index++) {
    const channel = rng() < 0.5 ? "http" : "trpc";
    const isBatch = rng() < 0.45;
    const events: FuzzEvent[] = [];
    if (isBatch) {
      const size = 2 + Math.floor(rng() * 5);
      const spoiled = rng() < 0.3 ? Math.floor(rng() * size) : -1;
      for (let i = 0; i < size; i++) events.push(nextEvent(pick(rng, CALLS), i === spoiled));
    } else events.push(nextEvent(pick(rng, CALLS), rng() < 0.3));
    const verdict: Verdict = events.some((event) => event.verdict === "refuse") ? "refuse" : "accept";
    // Only ids of stored events may be repeated, else a repeat could be the first copy of a refused one.
    if (verdict === "accept") for (const event of events) acceptedIds.push(event.messageId);
    cases.push({ index, channel, call: isBatch ? "batch" : events[0]!.call, events, verdict });
  }
  return cases;
}

/** The request body of a case: a single event's JSON, or `{ batch: [...] }`. */
export function caseBody(fuzzCase: FuzzCase): string {
  if (fuzzCase.call !== "batch") return fuzzCase.events[0]!.json;
  return `{"batch":[${fuzzCase.events.map((event) => event.json).join(",")}]}`;
}
