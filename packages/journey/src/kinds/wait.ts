// The wait: for a duration; until a time of day or a date in the contact's time zone; until the
// contact's best send time (their opens and clicks); or until an event (with filters) or a
// timeout — two outlets, `matched` / `timed_out`. Each mode compiles to its own plan step kind
// (`wait`, `wait_until_time`, `wait_until_date`, `wait_until_best_time`, `wait_until_event`),
// interpreted by temporal/workflows/src/steps/wait*.ts.
import { z } from "zod";
import { durationToMs, formatDuration, waitDurationProblem } from "../durations";
import { WEEKDAYS, ZDurationSchema, ZPropertyFilterSchema } from "../primitives";
import { isValidTimeZone, parseTimeOfDay } from "../time-of-day";
import type { Duration } from "../primitives";
import { checkFilters, defineNodeKind, type Push } from "./kind";

const ZNext = z.string().nullable();

export const WAIT_MODES = ["duration", "until_time", "until_date", "until_best_time", "until_event"] as const;
export type WaitMode = (typeof WAIT_MODES)[number];

/** Until a time of day (24h `HH:MM`) on one of the chosen weekdays, in the contact's zone. */
export const ZUntilTimeSchema = z.object({
  time: z.string(),
  /** Empty means "any day". */
  weekdays: z.array(z.enum(WEEKDAYS)).default([]),
});
export type UntilTime = z.infer<typeof ZUntilTimeSchema>;

/** Until a date read from a contact trait or the trigger event, shifted by `offset` (may be negative). */
export const ZUntilDateSchema = z.object({
  source: z.enum(["trait", "trigger"]),
  /** Trait name (`renewal_date`, dot paths allowed) or a path into the trigger event (`properties.starts_at`). */
  path: z.string(),
  offset: ZDurationSchema.default({ amount: 0, unit: "days" }),
});
export type UntilDate = z.infer<typeof ZUntilDateSchema>;

/**
 * Until the next occurrence (within 24 h) of the contact's best hour in their zone — from their
 * own opens and clicks, else the workspace's — or `fallbackTime` when neither has enough history.
 */
export const ZUntilBestTimeSchema = z.object({
  fallbackTime: z.string().default("09:00"),
});
export type UntilBestTime = z.infer<typeof ZUntilBestTimeSchema>;

/** Until the contact performs an event (outlet `matched`), or `timeout` passes (outlet `timed_out`). */
export const ZUntilEventSchema = z.object({
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
  /** Only count events whose entry-key value equals the run's (e.g. the same `cart_id`). */
  matchOnEntryKey: z.boolean().default(false),
  timeout: ZDurationSchema,
});
export type UntilEvent = z.infer<typeof ZUntilEventSchema>;

export const ZWaitNodeDataSchema = z.object({
  kind: z.literal("wait"),
  /** Absent means `duration` (graphs saved before modes existed). */
  mode: z.enum(WAIT_MODES).optional(),
  /** The pause in `duration` mode; kept in other modes so the form remembers it. */
  duration: ZDurationSchema,
  untilTime: ZUntilTimeSchema.optional(),
  untilDate: ZUntilDateSchema.optional(),
  untilEvent: ZUntilEventSchema.optional(),
  untilBestTime: ZUntilBestTimeSchema.optional(),
});
export type WaitNodeData = z.infer<typeof ZWaitNodeDataSchema>;

export const WAIT_EVENT_OUTLETS = ["matched", "timed_out"] as const;

/** The plan steps a wait compiles to, one per mode. */
export const ZPlanWaitStepSchema = z.object({
  kind: z.literal("wait"),
  id: z.string(),
  durationMs: z.number().int().positive(),
  next: ZNext,
});
export const ZPlanWaitUntilTimeStepSchema = z.object({
  kind: z.literal("wait_until_time"),
  id: z.string(),
  /** 24h `HH:MM` wall-clock time in the contact's zone (trait `timezone`), else `fallbackTimeZone`. */
  time: z.string(),
  /** Empty = any day. */
  weekdays: z.array(z.enum(WEEKDAYS)),
  fallbackTimeZone: z.string(),
  next: ZNext,
});
export const ZPlanWaitUntilDateStepSchema = z.object({
  kind: z.literal("wait_until_date"),
  id: z.string(),
  source: z.enum(["trait", "trigger"]),
  path: z.string(),
  offsetMs: z.number().int(),
  next: ZNext,
});
export const ZPlanWaitUntilBestTimeStepSchema = z.object({
  kind: z.literal("wait_until_best_time"),
  id: z.string(),
  /** 24h `HH:MM` in the contact's zone when neither the contact nor the workspace has a best hour. */
  fallbackTime: z.string(),
  fallbackTimeZone: z.string(),
  next: ZNext,
});
export const ZPlanWaitUntilEventStepSchema = z.object({
  kind: z.literal("wait_until_event"),
  id: z.string(),
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema),
  matchOnEntryKey: z.boolean(),
  timeoutMs: z.number().int().positive(),
  matched: ZNext,
  timedOut: ZNext,
});

export type WaitValidationCode =
  | "wait_invalid_duration"
  | "wait_invalid_time"
  | "invalid_time_zone"
  | "wait_missing_date_path"
  | "wait_missing_event"
  | "wait_invalid_timeout"
  | "wait_entry_key_missing"
  | "filter_missing_value";

/** One problem per bad duration, naming the field: the pause, the timeout or the date offset. */
function checkDuration(
  code: WaitValidationCode,
  what: string,
  duration: Duration | undefined,
  push: Push,
  options: { isSigned?: boolean } = {},
): void {
  if (duration === undefined) {
    push(code, `${what} needs a duration`);
    return;
  }
  const problem = waitDurationProblem(duration, options);
  if (problem) push(code, `${what} ${problem} (got ${formatDuration(duration)})`);
}

/** The config of a wait's mode: validation refuses a wait whose mode has none, so a missing one here is a bug. */
function configOf<T>(config: T | undefined, id: string): T {
  if (config === undefined) throw new Error(`wait "${id}" has no config for its mode`);
  return config;
}

export const waitKind = defineNodeKind<
  WaitNodeData,
  z.infer<
    | typeof ZPlanWaitStepSchema
    | typeof ZPlanWaitUntilTimeStepSchema
    | typeof ZPlanWaitUntilDateStepSchema
    | typeof ZPlanWaitUntilBestTimeStepSchema
    | typeof ZPlanWaitUntilEventStepSchema
  >
>({
  kind: "wait",
  label: "Wait",
  staticOutlets: [null],
  outlets: (data) => (data.mode === "until_event" ? WAIT_EVENT_OUTLETS : [null]),
  validate(data, { name, ctx, facts, push }) {
    switch (data.mode ?? "duration") {
      case "duration":
        checkDuration("wait_invalid_duration", `${name}: the pause`, data.duration, push);
        return;
      case "until_time": {
        const config = data.untilTime;
        if (!config || !parseTimeOfDay(config.time)) {
          push(
            "wait_invalid_time",
            `${name} needs a time of day as HH:MM (24h), e.g. 09:00${config ? ` (got "${config.time}")` : ""}`,
          );
        }
        const zone = ctx.fallbackTimeZone ?? "UTC";
        if (!isValidTimeZone(zone))
          push("invalid_time_zone", `${name}: the journey's fallback time zone "${zone}" is not a known time zone`);
        return;
      }
      case "until_best_time": {
        const config = data.untilBestTime;
        if (!config || !parseTimeOfDay(config.fallbackTime)) {
          push(
            "wait_invalid_time",
            `${name} needs a fallback time of day as HH:MM (24h), for contacts without enough history${config ? ` (got "${config.fallbackTime}")` : ""}`,
          );
        }
        const zone = ctx.fallbackTimeZone ?? "UTC";
        if (!isValidTimeZone(zone))
          push("invalid_time_zone", `${name}: the journey's fallback time zone "${zone}" is not a known time zone`);
        return;
      }
      case "until_date":
        if (!data.untilDate || data.untilDate.path.trim() === "") {
          push("wait_missing_date_path", `${name} needs the trait or trigger property that holds the date`);
        }
        if (data.untilDate)
          checkDuration("wait_invalid_duration", `${name}: the date offset`, data.untilDate.offset, push, {
            isSigned: true,
          });
        return;
      case "until_event": {
        const config = data.untilEvent;
        if (!config || config.event.trim() === "") push("wait_missing_event", `${name} needs the event to wait for`);
        // The timeout is how long to wait for the event before taking "timed out".
        checkDuration("wait_invalid_timeout", `${name}: the timeout`, config?.timeout, push);
        if (config) checkFilters(config.filters, name, push);
        if (config?.matchOnEntryKey && facts.entryKey === null) {
          push(
            "wait_entry_key_missing",
            `${name} matches on the entry key, but the trigger has none; set the trigger's entry key or stop matching on it`,
          );
        }
        return;
      }
    }
  },
  compile(data, { id, next, nextOf, ctx }) {
    switch (data.mode ?? "duration") {
      case "duration":
        return { kind: "wait", id, durationMs: durationToMs(data.duration), next };
      case "until_time": {
        const { time, weekdays } = configOf(data.untilTime, id);
        return {
          kind: "wait_until_time",
          id,
          time,
          weekdays: [...weekdays],
          fallbackTimeZone: ctx.fallbackTimeZone ?? "UTC",
          next,
        };
      }
      case "until_best_time":
        return {
          kind: "wait_until_best_time",
          id,
          fallbackTime: configOf(data.untilBestTime, id).fallbackTime,
          fallbackTimeZone: ctx.fallbackTimeZone ?? "UTC",
          next,
        };
      case "until_date": {
        const { source, path, offset } = configOf(data.untilDate, id);
        return { kind: "wait_until_date", id, source, path: path.trim(), offsetMs: durationToMs(offset), next };
      }
      case "until_event": {
        const config = configOf(data.untilEvent, id);
        return {
          kind: "wait_until_event",
          id,
          event: config.event.trim(),
          filters: config.filters.map((filter) => ({ ...filter })),
          matchOnEntryKey: config.matchOnEntryKey,
          timeoutMs: durationToMs(config.timeout),
          matched: nextOf(id, "matched"),
          timedOut: nextOf(id, "timed_out"),
        };
      }
    }
    throw new Error(`unreachable: wait mode of "${id}"`);
  },
});
