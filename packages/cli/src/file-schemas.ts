// The two file kinds of a journey file set, as zod schemas (their JSON Schemas under schema/ are
// generated from these): a journey file holds the graph with steps and connections keyed by id
// and steps naming what they use (an email's template and topic, a trigger's or a branch
// predicate's segment); a template file holds one template's content. Names, never ids, tie
// them to each other and to the workspace, so a file set can be pushed into any workspace.
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import {
  ZBranchCaseSchema,
  ZBranchNodeDataSchema,
  ZConditionSchema,
  ZEmailNodeDataSchema,
  ZJourneySettingsSchema,
  ZNodeDataSchema,
  ZPredicateGroupSchema,
  ZPredicateSchema,
  ZTriggerNodeDataSchema,
  type BranchNodeData,
  type EmailNodeData,
  type NodeData,
  type TriggerNodeData,
} from "@mailstream/journey/schema";
import { z } from "zod";

const ZName = z.string().trim().min(1, "name must not be empty").max(200, "name is at most 200 characters");
const ZSchemaPointer = z.string().max(2_048).optional().describe("Editor completion only; never read.");

/** An email step as a file holds it: the template and the subscription topic by name. */
export const ZFileEmailDataSchema = ZEmailNodeDataSchema.omit({ templateId: true, topicId: true })
  .extend({
    template: ZName.nullable().describe("The template's name (a template file's `name`); null: not chosen yet."),
    topic: ZName.nullable()
      .optional()
      .describe("The subscription topic's name; absent or null: the workspace's general marketing list."),
  })
  .strict();
export type FileEmailData = z.infer<typeof ZFileEmailDataSchema>;

/** A trigger as a file holds it: a segment trigger names its segment. */
export const ZFileTriggerDataSchema = ZTriggerNodeDataSchema.omit({ segmentId: true })
  .extend({ segment: ZName.optional().describe('For `source: "segment"`: the segment\'s name.') })
  .strict();
export type FileTriggerData = z.infer<typeof ZFileTriggerDataSchema>;

// A branch as a file holds it: the same conditions, but a segment predicate names its segment.
const ZFileSegmentPredicateSchema = z
  .object({
    type: z.literal("segment"),
    segment: ZName.describe("The segment's name."),
    isMember: z.boolean().default(true),
  })
  .strict();
type IdPredicateSchema = (typeof ZPredicateSchema.options)[number];
type OtherPredicateSchema = Exclude<IdPredicateSchema, { shape: { segmentId: z.ZodString } }>;
// In the graph's order, so the JSON Schema changes only where a name replaces the id; the cast only names the members.
const FILE_PREDICATES = ZPredicateSchema.options.map((option) =>
  "segmentId" in option.shape ? ZFileSegmentPredicateSchema : option,
) as [typeof ZFileSegmentPredicateSchema, ...OtherPredicateSchema[]];
const ZFilePredicateSchema = z.discriminatedUnion("type", FILE_PREDICATES);
const ZFileConditionSchema = ZConditionSchema.extend({
  groups: z.array(ZPredicateGroupSchema.extend({ predicates: z.array(ZFilePredicateSchema) })),
});
export const ZFileBranchDataSchema = ZBranchNodeDataSchema.extend({
  condition: ZFileConditionSchema,
  cases: z.array(ZBranchCaseSchema.extend({ condition: ZFileConditionSchema })).optional(),
});
export type FileBranchData = z.infer<typeof ZFileBranchDataSchema>;

type OtherKindSchema = Exclude<
  (typeof ZNodeDataSchema.options)[number],
  typeof ZEmailNodeDataSchema | typeof ZTriggerNodeDataSchema | typeof ZBranchNodeDataSchema
>;
/** The kinds whose files hold names in place of ids, each by its graph schema. */
const FILE_KIND_SCHEMAS = new Map<unknown, typeof ZFileTriggerDataSchema | typeof ZFileBranchDataSchema>([
  [ZTriggerNodeDataSchema, ZFileTriggerDataSchema],
  [ZBranchNodeDataSchema, ZFileBranchDataSchema],
]);
// The graph's kind order is kept (email first, as before), so the generated JSON Schema only changes where names replace ids.
const OTHER_KINDS = ZNodeDataSchema.options
  .filter((option) => option !== ZEmailNodeDataSchema)
  .map((option) => FILE_KIND_SCHEMAS.get(option) ?? option) as (
  OtherKindSchema | typeof ZFileTriggerDataSchema | typeof ZFileBranchDataSchema
)[];

/** Every kind's config as the canvas saves it, but templates, topics and segments by name. */
export const ZFileStepDataSchema = z.discriminatedUnion("kind", [ZFileEmailDataSchema, ...OTHER_KINDS]);
export type FileStepData =
  | Exclude<NodeData, EmailNodeData | TriggerNodeData | BranchNodeData>
  | FileEmailData
  | FileTriggerData
  | FileBranchData;

export const ZFileStepSchema = z
  .object({
    /** Where the canvas draws it: kept so a pushed journey looks as it did. */
    position: z.object({ x: z.number(), y: z.number() }).strict(),
    data: ZFileStepDataSchema,
  })
  .strict();
export type FileStep = z.infer<typeof ZFileStepSchema>;

export const ZFileConnectionSchema = z
  .object({
    source: z.string().min(1),
    target: z.string().min(1),
    /** The source step's outlet (`yes`, `matched`, a split variant id); null for single-outlet steps. */
    sourceHandle: z.string().nullable().default(null),
  })
  .strict();

export const ZJourneyFileSchema = z
  .object({
    $schema: ZSchemaPointer,
    /** The journey's name: push finds the journey by it (and creates one when new). */
    name: ZName,
    settings: ZJourneySettingsSchema.optional(),
    /** Steps keyed by step id (the ids test files and metrics name). */
    steps: z.record(z.string().min(1).max(200), ZFileStepSchema),
    /** Connections keyed by connection id. */
    connections: z.record(z.string().min(1).max(200), ZFileConnectionSchema),
  })
  .strict();
export type JourneyFile = z.infer<typeof ZJourneyFileSchema>;

const ZAddress = z.string().trim().max(320).nullable();

export const ZTemplateFileSchema = ZTemplateContentSchema.extend({
  $schema: ZSchemaPointer,
  /** The name journey files refer to it by; push updates the workspace's template of this name or creates it. */
  name: ZName,
  /** Null: the workspace's default sender. */
  fromAddress: ZAddress.default(null),
  replyTo: ZAddress.default(null),
}).strict();
export type TemplateFile = z.infer<typeof ZTemplateFileSchema>;

/** What `pull` writes and `push` reads, by folder and suffix. */
export const FILE_KINDS = {
  journey: { folder: "journeys", suffix: ".journey.json", schemaFile: "journey.schema.json" },
  template: { folder: "templates", suffix: ".template.json", schemaFile: "template.schema.json" },
  test: { folder: "tests", suffix: ".test.json", schemaFile: "test.schema.json" },
} as const;
export type FileKind = keyof typeof FILE_KINDS;
