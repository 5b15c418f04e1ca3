// Regenerates packages/cli/schema/*.schema.json from the zod schemas (json-schemas.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeCanonical } from "./file-set";
import { FILE_KINDS, type FileKind } from "./file-schemas";
import { generateJsonSchemas } from "./json-schemas";

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "schema");
const schemas = generateJsonSchemas();
for (const kind of Object.keys(schemas) as FileKind[])
  await writeCanonical(path.join(folder, FILE_KINDS[kind].schemaFile), schemas[kind]);
