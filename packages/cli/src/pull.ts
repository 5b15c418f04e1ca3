// `mailstream pull <journey>`: the journey's draft (or, with --live, its live version) and the
// templates it uses as a file set — journeys/<slug>.journey.json, templates/<slug>.template.json
// and the JSON Schemas under schema/ that the files point to for editor completion.
import path from "node:path";
import { call, CliError, type Server } from "./client";
import { slugsFor, writeCanonical } from "./file-set";
import { FILE_KINDS, type FileKind } from "./file-schemas";
import { generateJsonSchemas, SCHEMA_FOLDER } from "./json-schemas";
import type { CliIo } from "./io";
import { findJourney, graphAsFiles } from "./workspace";

export interface PullOptions {
  journey: string;
  dir: string;
  live: boolean;
}

export async function writeSchemas(dir: string): Promise<void> {
  const schemas = generateJsonSchemas();
  for (const kind of Object.keys(schemas) as FileKind[])
    await writeCanonical(path.join(dir, SCHEMA_FOLDER, FILE_KINDS[kind].schemaFile), schemas[kind]);
}

export async function pull(server: Server, io: CliIo, options: PullOptions): Promise<number> {
  const { id } = await findJourney(server, options.journey);
  const journey = await call("reading the journey", () => server.journeys.byId.query({ journeyId: id }));
  const graph = options.live ? journey.liveGraph : journey.draft;
  if (!graph) throw new CliError([`"${journey.name}" has no live version; pull its draft (without --live).`]);
  const files = await graphAsFiles(server, journey.name, graph);

  const written: string[] = [];
  const journeyFile = path.join(
    options.dir,
    FILE_KINDS.journey.folder,
    `${slugsFor([journey.name]).get(journey.name)}${FILE_KINDS.journey.suffix}`,
  );
  await writeCanonical(journeyFile, files.journey);
  written.push(journeyFile);
  const slugs = slugsFor(files.templates.map((template) => template.name));
  for (const template of files.templates) {
    const file = path.join(
      options.dir,
      FILE_KINDS.template.folder,
      `${slugs.get(template.name)}${FILE_KINDS.template.suffix}`,
    );
    await writeCanonical(file, template);
    written.push(file);
  }
  await writeSchemas(options.dir);
  for (const file of written) io.out(`wrote ${path.relative(io.cwd, file) || file}`);
  return 0;
}
