// Segment-compatible payloads for `track` and `identify` (https://segment.com/docs/connections/spec/).
// Parsing is lenient where Segment's libraries are (unknown fields such as `integrations`
// or `_metadata` are ignored, null objects mean empty) and strict where storage needs it.
import { z } from "zod";

/** Segment caps an event at 32 KB; so do we, measured on the raw request body. */
export const MAX_EVENT_BYTES = 32 * 1024;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function isoDateTime(field: string) {
  return z
    .string({ error: `${field} must be an ISO 8601 date-time string` })
    .refine((value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)), {
      error: `${field} must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z`,
    });
}

// Objects Segment treats as optional bags; JSON null is common from loosely typed clients.
function bag(field: string) {
  return z
    .record(z.string(), z.unknown(), { error: `${field} must be a JSON object` })
    .nullish()
    .transform((value) => value ?? {});
}

// Segment's libraries accept numeric ids and send them as numbers; stored as text.
function identity(field: string) {
  return z
    .union([z.string().max(255, { error: `${field} must be at most 255 characters` }), z.number().finite()], {
      error: `${field} must be a string`,
    })
    .nullish()
    .transform((value) => (value === null || value === undefined || value === "" ? undefined : String(value)));
}

const ZCommonFields = {
  userId: identity("userId"),
  anonymousId: identity("anonymousId"),
  context: bag("context"),
  timestamp: isoDateTime("timestamp").optional(),
  sentAt: isoDateTime("sentAt").optional(),
  messageId: z
    .string({ error: "messageId must be a string" })
    .min(1, { error: "messageId must not be empty" })
    .max(255, { error: "messageId must be at most 255 characters" })
    .optional(),
  /** Only the writeKey field matters: analytics.js sends the key in the body, not a header. */
  writeKey: z.string().optional(),
};

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

// Checked even when other fields are invalid (`when`), so one response names every problem.
function hasIdentity(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true; // the object check reports that
  const { userId, anonymousId } = value as { userId?: unknown; anonymousId?: unknown };
  return isPresent(userId) || isPresent(anonymousId);
}

const IDENTITY_MESSAGE = "userId or anonymousId is required";
function requireIdentity<T extends z.ZodType>(schema: T) {
  return schema
    .refine(hasIdentity, { path: ["userId"], message: IDENTITY_MESSAGE, when: () => true })
    .refine(hasIdentity, { path: ["anonymousId"], message: IDENTITY_MESSAGE, when: () => true });
}

function typeLiteral(type: "track" | "identify") {
  return z.literal(type, { error: `type must be "${type}" on this endpoint` }).optional();
}

export const ZTrackPayloadSchema = requireIdentity(
  z.object({
    type: typeLiteral("track"),
    ...ZCommonFields,
    event: z
      .string({ error: (issue) => (issue.input === undefined ? "event is required" : "event must be a string") })
      .trim()
      .min(1, { error: "event must not be empty" })
      .max(200, { error: "event must be at most 200 characters" }),
    properties: bag("properties"),
    /** Not in Segment's track spec, but common; merged over `context.traits`. */
    traits: bag("traits"),
  }),
);
export type TrackPayload = z.output<typeof ZTrackPayloadSchema>;
export type TrackPayloadInput = z.input<typeof ZTrackPayloadSchema>;

export const ZIdentifyPayloadSchema = requireIdentity(
  z.object({
    type: typeLiteral("identify"),
    ...ZCommonFields,
    traits: bag("traits"),
  }),
);
export type IdentifyPayload = z.output<typeof ZIdentifyPayloadSchema>;
export type IdentifyPayloadInput = z.input<typeof ZIdentifyPayloadSchema>;
