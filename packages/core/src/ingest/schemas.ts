// Segment-compatible payloads for `track` and `identify` (https://segment.com/docs/connections/spec/).
// Parsing is lenient where Segment's libraries are (unknown fields such as `integrations`
// or `_metadata` are ignored, null objects mean empty) and strict where storage needs it.
import { z } from "zod";
import { isStorableDate } from "./storable";

/** Segment caps an event at 32 KB; so do we, measured on the raw request body. */
export const MAX_EVENT_BYTES = 32 * 1024;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function isoDateTime(field: string) {
  return z
    .string({ error: `${field} must be an ISO 8601 date-time string` })
    .refine((value) => ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)), {
      error: `${field} must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00.000Z`,
    })
    .refine(
      (value) => !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value)) || isStorableDate(new Date(value)),
      {
        error: `${field} must fall in the years 1–9999`,
      },
    );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// Objects Segment treats as optional bags; JSON null is common from loosely typed clients.
// A plain-object refinement rather than z.record: parsed JSON keys are strings and values are
// kept as they are, so z.record's per-key checks and copy were pure cost (~3× slower per bag,
// three bags per event). The always-true z.custom only carries the type: a failing z.custom
// would abort and hide the other fields' problems; a failing refine does not.
function bag(field: string) {
  return z
    .custom<Record<string, unknown>>(() => true)
    .refine(isPlainObject, { error: `${field} must be a JSON object` })
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

export type EventType = "track" | "identify" | "page" | "screen" | "group" | "alias";

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

function typeLiteral(type: EventType) {
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
export type TrackPayloadInput = z.input<typeof ZTrackPayloadSchema>;

export const ZIdentifyPayloadSchema = requireIdentity(
  z.object({
    type: typeLiteral("identify"),
    ...ZCommonFields,
    traits: bag("traits"),
  }),
);
export type IdentifyPayloadInput = z.input<typeof ZIdentifyPayloadSchema>;

// page and screen: Segment's optional `name` (and page's `category`) plus properties.
function viewSchema(type: "page" | "screen") {
  return requireIdentity(
    z.object({
      type: typeLiteral(type),
      ...ZCommonFields,
      name: z
        .string({ error: "name must be a string" })
        .max(200, { error: "name must be at most 200 characters" })
        .nullish(),
      category: z.string({ error: "category must be a string" }).max(200).nullish(),
      properties: bag("properties"),
    }),
  );
}
export const ZPagePayloadSchema = viewSchema("page");
export const ZScreenPayloadSchema = viewSchema("screen");
export type PagePayloadInput = z.input<typeof ZPagePayloadSchema>;
export type ScreenPayloadInput = z.input<typeof ZScreenPayloadSchema>;

export const ZGroupPayloadSchema = requireIdentity(
  z.object({
    type: typeLiteral("group"),
    ...ZCommonFields,
    groupId: z
      .union([z.string().min(1).max(255), z.number().finite()], { error: "groupId is required (a string)" })
      .transform(String),
    traits: bag("traits"),
  }),
);
export type GroupPayloadInput = z.input<typeof ZGroupPayloadSchema>;

/** alias links `previousId` (usually the anonymousId) to `userId`; both are required. */
export const ZAliasPayloadSchema = z.object({
  type: typeLiteral("alias"),
  ...ZCommonFields,
  userId: z
    .union([z.string().min(1).max(255), z.number().finite()], { error: "userId is required (a string)" })
    .transform(String),
  previousId: z
    .union([z.string().min(1).max(255), z.number().finite()], { error: "previousId is required (a string)" })
    .transform(String),
});
export type AliasPayloadInput = z.input<typeof ZAliasPayloadSchema>;

/** Segment caps a batch request at 500 KB. */
export const MAX_BATCH_BYTES = 500 * 1024;

/** The batch envelope; each item is validated by its own `type`'s schema (see ingest-batch.ts). */
export type BatchPayloadInput = {
  batch: (
    | (TrackPayloadInput & { type: "track" })
    | (IdentifyPayloadInput & { type: "identify" })
    | (PagePayloadInput & { type: "page" })
    | (ScreenPayloadInput & { type: "screen" })
    | (GroupPayloadInput & { type: "group" })
    | (AliasPayloadInput & { type: "alias" })
  )[];
  sentAt?: string;
  context?: Record<string, unknown>;
};
export const ZBatchEnvelopeSchema = z.object({
  batch: z
    .array(z.unknown(), { error: "batch must be an array of events" })
    .min(1, { error: "batch must not be empty" }),
  sentAt: isoDateTime("sentAt").optional(),
  context: bag("context"),
  writeKey: z.string().optional(),
});
