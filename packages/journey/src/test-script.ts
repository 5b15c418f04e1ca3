// A scripted timeline for a test run: who the contact is and what they do, when. A run enters
// on the script's first event (offset 0, the journey's trigger) and every later event is
// signalled at its offset in the run's virtual time. Written two ways that mean the same:
// the JSON shape (`ZTestScriptSchema`, what tRPC and journey test files carry) and lines of
// text for people (`parseScriptLines`: "signed_up at 0", "viewed_product after 2h",
// "no purchase"). Pure: checking names against a workspace's catalogue is
// `checkScriptAgainst`, given the names by the caller.
import { z } from "zod";
import { MAX_WAIT_DAYS } from "./durations";

const DAY_MS = 86_400_000;
/** A script may run as long as the longest single wait, plus a day for what follows it. */
export const MAX_SCRIPT_OFFSET_MS = (MAX_WAIT_DAYS + 1) * DAY_MS;
export const MAX_SCRIPT_EVENTS = 50;

const ZTraits = z.record(z.string().max(200), z.unknown());

/** A real contact of the workspace (read, never changed), or one written for the test. */
export const ZScriptContactSchema = z.union([
  z.object({ contactId: z.string().uuid() }).strict(),
  z
    .object({
      email: z.string().trim().max(320).nullable().default(null),
      traits: ZTraits.default({}),
    })
    .strict(),
]);
export type ScriptContact = z.infer<typeof ZScriptContactSchema>;

export const ZScriptEventSchema = z
  .object({
    event: z.string().trim().min(1).max(200),
    /** Milliseconds after entry (the first event is entry: 0). */
    atMs: z.number().int().min(0).max(MAX_SCRIPT_OFFSET_MS),
    properties: ZTraits.default({}),
  })
  .strict();
export type ScriptEvent = z.infer<typeof ZScriptEventSchema>;

export const ZTestScriptSchema = z
  .object({
    contact: ZScriptContactSchema,
    events: z.array(ZScriptEventSchema).min(1).max(MAX_SCRIPT_EVENTS),
    /** Events the contact never does ("no purchase"): documentation that is also checked (never scripted). */
    absent: z.array(z.string().trim().min(1).max(200)).max(MAX_SCRIPT_EVENTS).default([]),
  })
  .strict();
export type TestScript = z.infer<typeof ZTestScriptSchema>;
export type TestScriptInput = z.input<typeof ZTestScriptSchema>;

/** One thing wrong with a script, named by its event entry (0-based) or text line (1-based). */
export interface ScriptProblem {
  /** `events[2]`, `absent[0]`, `contact` or `line 3`. */
  where: string;
  message: string;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };
const OFFSET = /^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i;

/** "0", "2h", "2 hours", "1.5 d" → ms; null when unreadable. */
export function parseOffset(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "0" || trimmed === "now") return 0;
  const match = OFFSET.exec(trimmed);
  if (!match) return null;
  const unit = (match[2] as string).toLowerCase();
  const key = unit.startsWith("mi") || unit === "m" ? "m" : (unit[0] as string);
  return Math.round(Number(match[1]) * (UNIT_MS[key] as number));
}

const LINE = /^([A-Za-z0-9_.:\- ]+?)\s+(?:(now)|(at|after)\s+(.+?))(?:\s+(\{.*\}))?$/;

/** A script written as text, with where each entry came from so later problems name the line. */
export interface ParsedScriptLines {
  events: ScriptEvent[];
  absent: string[];
  /** `line 3` (or `line 1, part 2` for `;`-separated parts) for each of `events` / `absent`. */
  eventLines: string[];
  absentLines: string[];
  problems: ScriptProblem[];
}

/**
 * Lines of text → events: `<event> now`, `<event> at <offset>` or `<event> after <offset>`
 * (after the previous event), an optional JSON object of properties at the end, and
 * `no <event>` for an event that never happens; `;` separates parts of one line. Blank lines
 * and `#` comments are skipped. Problems name the line (1-based).
 */
export function parseScriptLines(text: string): ParsedScriptLines {
  const parsed: ParsedScriptLines = { events: [], absent: [], eventLines: [], absentLines: [], problems: [] };
  let previousAt = 0;
  text.split(/\r?\n/).forEach((rawLine, lineIndex) => {
    const parts = rawLine.split(";");
    parts.forEach((raw, partIndex) => {
      const where = parts.length > 1 ? `line ${lineIndex + 1}, part ${partIndex + 1}` : `line ${lineIndex + 1}`;
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const never = /^no\s+(\S+)$/i.exec(line);
      if (never) {
        parsed.absent.push(never[1] as string);
        parsed.absentLines.push(where);
        return;
      }
      const match = LINE.exec(line);
      if (!match) {
        parsed.problems.push({
          where,
          message: `"${line}" is not "<event> at <offset>", "<event> after <offset>", "<event> now" or "no <event>"`,
        });
        return;
      }
      const [, name, now, relation, offsetText, json] = match;
      const offset = now ? 0 : parseOffset(offsetText ?? "");
      if (offset === null) {
        parsed.problems.push({ where, message: `"${offsetText}" is not an offset (e.g. 0, 30m, 2h, 3d)` });
        return;
      }
      let properties: Record<string, unknown> = {};
      if (json !== undefined) {
        try {
          const value: unknown = JSON.parse(json);
          if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
          properties = value as Record<string, unknown>;
        } catch {
          parsed.problems.push({ where, message: "the properties are not a JSON object" });
          return;
        }
      }
      const atMs = relation?.toLowerCase() === "after" ? previousAt + offset : offset;
      previousAt = atMs;
      parsed.events.push({ event: (name as string).trim(), atMs, properties });
      parsed.eventLines.push(where);
    });
  });
  return parsed;
}

/** Why the `events[i]` / `absent[i]` names cannot happen against what the workspace and journey know. */
export interface ScriptContext {
  /** The journey's trigger event (empty for a segment trigger: any first event enters). */
  triggerEvent: string;
  /** Every event name the workspace has seen or declared (catalogue, event schemas) and the plan names. */
  knownEvents: ReadonlySet<string>;
}

/**
 * The problems of a parsed script that zod cannot see: the first event is the entry and must
 * be the trigger at offset 0, nothing happens before it, offsets never go back, every name is
 * one the workspace knows, and an event marked absent is never scripted.
 */
export function checkScriptAgainst(script: TestScript, context: ScriptContext): ScriptProblem[] {
  const problems: ScriptProblem[] = [];
  const first = script.events[0] as ScriptEvent;
  if (context.triggerEvent !== "" && first.event !== context.triggerEvent)
    problems.push({
      where: "events[0]",
      message: `the run enters on "${context.triggerEvent}", so the first event must be it (got "${first.event}")`,
    });
  if (first.atMs !== 0) problems.push({ where: "events[0]", message: "the entry event happens at offset 0" });
  script.events.forEach((event, index) => {
    const where = `events[${index}]`;
    const previous = script.events[index - 1];
    if (previous && event.atMs < previous.atMs)
      problems.push({ where, message: `"${event.event}" happens before the event listed above it` });
    if (!context.knownEvents.has(event.event))
      problems.push({ where, message: `"${event.event}" is not an event this workspace knows` });
    if (script.absent.includes(event.event))
      problems.push({ where, message: `"${event.event}" is scripted and also marked as never happening` });
  });
  script.absent.forEach((name, index) => {
    if (!context.knownEvents.has(name))
      problems.push({ where: `absent[${index}]`, message: `"${name}" is not an event this workspace knows` });
  });
  return problems;
}

/** zod issues → problems named like `checkScriptAgainst`'s (`events[1]`, `contact`). */
export function scriptSchemaProblems(error: z.ZodError): ScriptProblem[] {
  return error.issues.map((issue) => {
    const [head, index] = issue.path;
    const where =
      typeof index === "number" ? `${String(head)}[${index}]` : head === undefined ? "script" : String(head);
    return { where, message: issue.message };
  });
}
