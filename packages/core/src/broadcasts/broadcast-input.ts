// What a broadcast draft may hold, checked at the edge: the router parses with these schemas,
// so nonsense (a throttle of 3 an hour, a domain limit on "not a domain", a date that does not
// exist) is refused before any query, naming the field.
import { isValidTimeZone } from "@mailstream/journey/time-of-day";
import { z } from "zod";
import {
  MAX_BROADCAST_VARIANTS,
  optionalText,
  ZBroadcastAbTestSchema,
  ZBroadcastVariantSchema,
} from "./broadcast-ab-input";

/**
 * Slower than this a send crawls (100 an hour is one email every 36 s, one page call each:
 * activities/broadcast-spread.ts); faster than the maximum needs no throttle at all.
 */
export const MIN_THROTTLE_PER_HOUR = 100;
export const MAX_THROTTLE_PER_HOUR = 10_000_000;
const LOCAL_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Date.parse rolls 2026-02-30 over into March; a real date survives the round trip unchanged. */
function isRealLocalTime(value: string): boolean {
  const ms = Date.parse(`${value}:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 16) === value;
}

export const ZBroadcastAudienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("segment"), segmentId: z.uuid({ message: "segmentId must be a UUID" }) }),
  z.object({ kind: z.literal("topic"), topicId: z.uuid({ message: "topicId must be a UUID" }) }),
]);

export const ZBroadcastScheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("now") }),
  z.object({
    kind: z.literal("at"),
    sendAt: z.iso.datetime({ offset: true, message: "sendAt must be an ISO date-time" }),
  }),
  z.object({
    kind: z.literal("local_time"),
    localTime: z
      .string()
      .regex(LOCAL_TIME_PATTERN, "localTime must look like 2026-12-24T09:00")
      .refine(isRealLocalTime, "localTime is not a real date and time"),
  }),
  // Within the next 24 h, each contact at their best hour (send-time/): the workspace's for
  // contacts without enough history, and at once when the workspace has none either.
  z.object({ kind: z.literal("best_time") }),
]);

export const ZBroadcastDraftSchema = z.object({
  name: z.string().trim().min(1, "Give the broadcast a name").max(200, "Name must be at most 200 characters"),
  audience: ZBroadcastAudienceSchema.nullable().default(null),
  templateId: z.uuid({ message: "templateId must be a UUID" }).nullable().default(null),
  fromAddress: z.string().trim().min(3).max(320).nullable().default(null),
  schedule: ZBroadcastScheduleSchema.default({ kind: "now" }),
  throttlePerHour: z
    .number()
    .int("throttlePerHour must be a whole number")
    .min(MIN_THROTTLE_PER_HOUR, `throttlePerHour must be at least ${MIN_THROTTLE_PER_HOUR} (or empty for no throttle)`)
    .max(MAX_THROTTLE_PER_HOUR, `throttlePerHour must be at most ${MAX_THROTTLE_PER_HOUR}`)
    .nullable()
    .default(null),
  domainLimits: z
    .record(
      z.string(),
      z.number().int("a domain limit must be a whole number").min(1, "a domain limit must be at least 1 per hour"),
    )
    .superRefine((limits, ctx) => {
      const domains = Object.keys(limits);
      if (domains.length > 50) ctx.addIssue({ code: "custom", message: "at most 50 domain limits" });
      for (const domain of domains) {
        if (DOMAIN_PATTERN.test(domain.trim().toLowerCase())) continue;
        ctx.addIssue({
          code: "custom",
          path: [domain],
          message: `"${domain.slice(0, 100)}" is not a domain; each domain limit needs a domain such as gmail.com`,
        });
      }
    })
    .transform((limits) =>
      Object.fromEntries(Object.entries(limits).map(([domain, limit]) => [domain.trim().toLowerCase(), limit])),
    )
    .default({}),
  quietHours: z
    .object({
      start: z.string().regex(TIME_OF_DAY, "quiet hours start must be HH:MM"),
      end: z.string().regex(TIME_OF_DAY, "quiet hours end must be HH:MM"),
      // For contacts without a zone of their own, as a journey's zone is (send-limits.ts, pickContactZone).
      timeZone: z
        .string()
        .max(100, "the quiet hours' time zone is at most 100 characters")
        .refine(isValidTimeZone, "the quiet hours' time zone must be an IANA time zone such as Europe/Paris")
        .default("UTC"),
    })
    .refine((hours) => hours.start !== hours.end, "quiet hours must not start and end at the same time")
    .nullable()
    .default(null),
  frequencyCap: z
    .object({
      maxEmails: z.number().int().min(1, "the cap must allow at least 1 email").max(1000),
      periodMs: z
        .number()
        .int()
        .min(60_000, "the cap's period must be at least a minute")
        .max(366 * 86_400_000),
    })
    .nullable()
    .default(null),
  /**
   * The conversion goal: the track event that counts as converted within the workspace's
   * attribution window after a recipient's send (broadcast-goal.ts); null: no goal.
   */
  goalEvent: optionalText(200, "the goal event"),
  /** Staggered A/B/n (broadcast-ab-input.ts); null sends the one template to everyone. */
  abTest: ZBroadcastAbTestSchema.nullable().default(null),
});

export type BroadcastDraftInput = z.infer<typeof ZBroadcastDraftSchema>;

/** The estimate's question: an audience, the template, and (A/B/n) each variant's template and subject. */
export const ZBroadcastEstimateSchema = ZBroadcastDraftSchema.pick({ audience: true, templateId: true }).extend({
  /** By position ("A", "B", …); a variant's null template is the broadcast's. Empty: no test. */
  variants: z
    .array(ZBroadcastVariantSchema.pick({ templateId: true, subject: true }))
    .max(MAX_BROADCAST_VARIANTS, `a test has at most ${MAX_BROADCAST_VARIANTS} variants`)
    .default([]),
});
export type BroadcastEstimateInput = z.infer<typeof ZBroadcastEstimateSchema>;
export type BroadcastSchedule = z.infer<typeof ZBroadcastScheduleSchema>;

/** Zones run from UTC−12 to UTC+14: a wall time is past everywhere once it is past at UTC−12. */
export function latestInstantOfLocalTime(localTime: string): number {
  return Date.parse(`${localTime}:00Z`) + 12 * 3_600_000;
}
export function earliestInstantOfLocalTime(localTime: string): number {
  return Date.parse(`${localTime}:00Z`) - 14 * 3_600_000;
}
