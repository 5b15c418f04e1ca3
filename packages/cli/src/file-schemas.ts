// The two file kinds of a journey file set, as zod schemas (their JSON Schemas under schema/ are
// generated from these): a journey file holds the graph with steps and connections keyed by id
// and email steps naming their template; a template file holds one template's content. Names,
// never ids, tie them together, so a file set can be pushed into any workspace.
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import {
  ZEmailNodeDataSchema,
  ZJourneySettingsSchema,
  ZNodeDataSchema,
  type EmailNodeData,
  type NodeData,
} from "@mailstream/journey/schema";
import { z } from "zod";

const ZName = z.string().trim().min(1, "name must not be empty").max(200, "name is at most 200 characters");
const ZSchemaPointer = z.string().max(2_048).optional().describe("Editor completion only; never read.");

/** An email step as a file holds it: the template by name (null: not chosen yet). */
export const ZFileEmailDataSchema = ZEmailNodeDataSchema.omit({ templateId: true })
  .extend({ template: ZName.nullable().describe("The template's name (a template file's `name`).") })
  .strict();
export type FileEmailData = z.infer<typeof ZFileEmailDataSchema>;

type OtherKindSchema = Exclude<(typeof ZNodeDataSchema.options)[number], typeof ZEmailNodeDataSchema>;
const OTHER_KINDS = ZNodeDataSchema.options.filter((option) => option !== ZEmailNodeDataSchema) as OtherKindSchema[];

/** Every kind's config as the canvas saves it, but email steps name their template. */
export const ZFileStepDataSchema = z.discriminatedUnion("kind", [ZFileEmailDataSchema, ...OTHER_KINDS]);
export type FileStepData = Exclude<NodeData, EmailNodeData> | FileEmailData;

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
