// The published JSON Schemas of the three file kinds, generated from their zod schemas (zod 4's
// toJSONSchema) so editors complete and check what push and test accept. Committed under
// schema/ (`pnpm --filter @mailstream/cli schemas`); a test fails when they drift.
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import { z } from "zod";
import { FILE_KINDS, ZJourneyFileSchema, ZTemplateFileSchema, type FileKind } from "./file-schemas";

const TITLES: Record<FileKind, string> = {
  journey: "Mailstream journey file",
  template: "Mailstream template file",
  test: "Mailstream journey test file",
};

const SCHEMAS: Record<FileKind, z.ZodType> = {
  journey: ZJourneyFileSchema,
  template: ZTemplateFileSchema,
  test: ZJourneyTestFileSchema,
};

/** Each kind's JSON Schema, describing what a person writes (zod's input side: defaults optional). */
export function generateJsonSchemas(): Record<FileKind, Record<string, unknown>> {
  const entries = (Object.keys(SCHEMAS) as FileKind[]).map((kind) => [
    kind,
    { title: TITLES[kind], ...z.toJSONSchema(SCHEMAS[kind], { io: "input", unrepresentable: "any" }) },
  ]);
  return Object.fromEntries(entries) as Record<FileKind, Record<string, unknown>>;
}

/** `../schema/journey.schema.json`: a file's pointer, from its kind's folder to the set's schema folder. */
export function schemaPointer(kind: FileKind): string {
  return `../schema/${FILE_KINDS[kind].schemaFile}`;
}

export const SCHEMA_FOLDER = "schema";
