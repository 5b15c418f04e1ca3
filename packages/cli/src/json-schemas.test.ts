// The committed JSON Schemas (schema/*.schema.json, what editors load) are exactly what the zod
// schemas generate; after changing a file schema run `pnpm --filter @mailstream/cli schemas`.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { FILE_KINDS, type FileKind } from "./file-schemas";
import { generateJsonSchemas } from "./json-schemas";

describe("published JSON Schemas", () => {
  const generated = generateJsonSchemas();
  it.each(Object.keys(FILE_KINDS) as FileKind[])("schema/%s is what the zod schema generates", async (kind) => {
    const committed = await readFile(new URL(`../schema/${FILE_KINDS[kind].schemaFile}`, import.meta.url), "utf8");
    expect(committed).toBe(canonicalJson(generated[kind]));
  });

  it("describes what push accepts: a template file's name is required, an email step names its template", () => {
    const template = generated.template as { required: string[] };
    expect(template.required).toEqual(expect.arrayContaining(["name", "subject", "body"]));
    expect(canonicalJson(generated.journey)).toContain('"template"');
    expect(canonicalJson(generated.journey)).not.toContain('"templateId"');
  });
});
