// The trigger: which event (with property filters) or segment entry starts the journey, and
// the entry rules (re-entry policy, cooldown, entry key). It compiles to the plan's `trigger`
// (compile.ts), not to a step.
import { z } from "zod";
import { ZDurationSchema, ZPropertyFilterSchema } from "../primitives";
import { checkFilters, checkSegmentRef, defineNodeKind, isPositive, type Push } from "./kind";

export const TRIGGER_SOURCES = ["event", "segment"] as const;
/** once: a contact enters at most once ever; once_at_a_time: not while a run of theirs is active; every_time: each trigger. */
export const REENTRY_POLICIES = ["once", "once_at_a_time", "every_time"] as const;
export type ReentryPolicy = (typeof REENTRY_POLICIES)[number];

export const ZEntryRulesSchema = z.object({
  /** Default `every_time`: graphs saved before entry rules existed started a run per event. */
  reentry: z.enum(REENTRY_POLICIES).default("every_time"),
  /** Minimum time between two entries of the same contact (and entry key); absent = none. */
  cooldown: ZDurationSchema.optional(),
  /**
   * Dot path into the trigger event (e.g. `properties.cart_id`): the re-entry policy and cooldown
   * apply per (contact, key value), and until-event waits may match on it.
   */
  entryKey: z.string().optional(),
});
export type EntryRules = z.infer<typeof ZEntryRulesSchema>;

export const ZTriggerNodeDataSchema = z.object({
  kind: z.literal("trigger"),
  /** Absent means `event` (graphs saved before segment triggers existed). */
  source: z.enum(TRIGGER_SOURCES).optional(),
  event: z.string(),
  filters: z.array(ZPropertyFilterSchema).default([]),
  /** For `source: "segment"`: the segment whose entrants start the journey. */
  segmentId: z.string().optional(),
  /** Absent = every time, no cooldown, no entry key (graphs saved before entry rules existed). */
  entry: ZEntryRulesSchema.optional(),
});
export type TriggerNodeData = z.infer<typeof ZTriggerNodeDataSchema>;

export type TriggerValidationCode =
  "trigger_missing_event" | "filter_missing_value" | "unknown_segment" | "entry_invalid_cooldown" | "entry_invalid_key";

/** `properties.cart_id`: dot-separated, no empty or blank segment. */
const PATH_PATTERN = /^[^.\s]+(\.[^.\s]+)*$/;

/** The trigger's entry rules: a positive cooldown and a usable entry-key path. */
function validateEntryRules(data: TriggerNodeData, name: string, push: Push): void {
  if (!data.entry) return;
  const { cooldown, entryKey } = data.entry;
  if (cooldown !== undefined && !isPositive(cooldown)) {
    push(
      "entry_invalid_cooldown",
      `${name}: the re-entry cooldown must be a positive duration (got ${cooldown.amount} ${cooldown.unit})`,
    );
  }
  if (entryKey !== undefined) {
    const path = entryKey.trim();
    if (!PATH_PATTERN.test(path)) {
      push(
        "entry_invalid_key",
        `${name}: the entry key needs a path into the trigger event, e.g. properties.cart_id${path ? ` (got "${entryKey}")` : ""}`,
      );
    } else if (data.source === "segment") {
      push(
        "entry_invalid_key",
        `${name}: an entry key reads the trigger event, but this trigger is a segment; remove the entry key`,
      );
    }
  }
}

/** The trigger's usable entry key (trimmed), or null. */
export function triggerEntryKey(data: TriggerNodeData | undefined): string | null {
  const key = data?.entry?.entryKey?.trim();
  return key && PATH_PATTERN.test(key) ? key : null;
}

export const triggerKind = defineNodeKind<TriggerNodeData, never>({
  kind: "trigger",
  label: "Trigger",
  staticOutlets: [null],
  validate(data, { name, ctx, push }) {
    validateEntryRules(data, name, push);
    if (data.source === "segment") {
      checkSegmentRef(data.segmentId, name, ctx, push);
      return;
    }
    if (data.event.trim() === "")
      push("trigger_missing_event", `${name} has no event name; choose the event that starts the journey`);
    checkFilters(data.filters, name, push);
  },
  compile: null,
});
