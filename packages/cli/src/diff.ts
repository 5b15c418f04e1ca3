// `mailstream diff`: what differs between a file set and the workspace — each journey file
// against the journey's live version (its draft when nothing is live, said so), step by step
// and connection by connection by id, and settings; each template file against the template's
// current content. Exit 1 when anything differs, 0 when nothing does, 2 when it cannot tell.
import { call, type Server } from "./client";
import { canonicalJson } from "./canonical-json";
import { templateContentOf, templateToFile } from "./convert";
import type { JourneyFile } from "./file-schemas";
import type { CliIo } from "./io";
import { loadFileSet } from "./load-file-set";
import { byName, fetchTemplate, graphAsFiles, listJourneys, listTemplates } from "./workspace";

export interface DiffOptions {
  files: string[];
  dir: string | undefined;
}

const show = (value: unknown): string => (value === undefined ? "(absent)" : JSON.stringify(value));

/** `field: before → after` for every leaf that differs (arrays compared whole: an order change is a change). */
export function diffValues(before: unknown, after: unknown, path = ""): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], path === "" ? key : `${path}.${key}`));
  }
  if (
    canonicalJson(before ?? null) === canonicalJson(after ?? null) &&
    (before === undefined) === (after === undefined)
  )
    return [];
  return [`${path || "(value)"}: ${show(before)} → ${show(after)}`];
}

/** Added (+), removed (-) and changed (~) entries of two id-keyed maps, by id. */
function diffById(label: string, live: Record<string, unknown>, files: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const kindOf = (entry: unknown) => {
    const data = (entry as { data?: { kind?: string } }).data;
    return data?.kind ? ` (${data.kind})` : "";
  };
  for (const id of [...new Set([...Object.keys(live), ...Object.keys(files)])].sort()) {
    if (!(id in live)) lines.push(`  + ${label} ${id}${kindOf(files[id])}`);
    else if (!(id in files)) lines.push(`  - ${label} ${id}${kindOf(live[id])}`);
    else for (const change of diffValues(live[id], files[id])) lines.push(`  ~ ${label} ${id}: ${change}`);
  }
  return lines;
}

function diffJourney(live: JourneyFile, file: JourneyFile): string[] {
  return [
    ...diffById("step", live.steps, file.steps),
    ...diffById("connection", live.connections, file.connections),
    ...diffValues(live.settings ?? null, file.settings ?? null, "settings").map((line) => `  ~ ${line}`),
  ];
}

export async function diff(server: Server, io: CliIo, options: DiffOptions): Promise<number> {
  const set = await loadFileSet(io.cwd, options.files, options.dir);
  if (set.problems.length > 0) {
    for (const problem of set.problems) io.err(problem);
    return 2;
  }
  const [journeys, templates] = await Promise.all([listJourneys(server), listTemplates(server)]);
  const journeysByName = byName(journeys);
  const templatesByName = byName(templates);
  let differs = false;
  const report = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    differs = true;
    io.out(heading);
    for (const line of lines) io.out(line);
  };

  for (const { file, value } of set.journeys) {
    const found = journeysByName.get(value.name) ?? [];
    if (found.length !== 1) {
      report(`${file} (journey "${value.name}"):`, [
        found.length === 0
          ? "  + not in the workspace (push creates it)"
          : `  ? ${found.length} journeys have this name`,
      ]);
      continue;
    }
    const journey = await call(`reading journey "${value.name}"`, () =>
      server.journeys.byId.query({ journeyId: (found[0] as { id: string }).id }),
    );
    const graph = journey.liveGraph ?? journey.draft;
    const against = journey.liveGraph ? `live version ${journey.liveVersion}` : "draft (nothing is live)";
    const live = (await graphAsFiles(server, journey.name, graph)).journey;
    report(`${file} (journey "${value.name}", against its ${against}):`, diffJourney(live, value));
  }

  for (const { file, value } of set.templates) {
    const found = templatesByName.get(value.name) ?? [];
    if (found.length !== 1) {
      report(`${file} (template "${value.name}"):`, [
        found.length === 0
          ? "  + not in the workspace (push creates it)"
          : `  ? ${found.length} templates have this name`,
      ]);
      continue;
    }
    const saved = templateToFile(await fetchTemplate(server, (found[0] as { id: string }).id), "");
    const lines = diffValues(templateContentOf(saved), templateContentOf(value)).map((line) => `  ~ ${line}`);
    report(`${file} (template "${value.name}"):`, lines);
  }
  if (!differs) io.out("No differences.");
  return differs ? 1 : 0;
}
