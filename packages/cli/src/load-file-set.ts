// Reading a file set for push and diff: every file parsed against its kind's schema, every
// problem collected (never the first only) as `file: step <id>: field: message`, and the
// checks that span files (a name given twice).
import path from "node:path";
import type { z } from "zod";
import { listFileSet, kindOfFile, readJsonFile } from "./file-set";
import { ZJourneyFileSchema, ZTemplateFileSchema, type JourneyFile, type TemplateFile } from "./file-schemas";

export interface Loaded<T> {
  /** As the person named it (relative to where they ran the command). */
  file: string;
  value: T;
}

export interface FileSet {
  journeys: Loaded<JourneyFile>[];
  templates: Loaded<TemplateFile>[];
  problems: string[];
}

function dotted(parts: readonly PropertyKey[]): string {
  return parts.map(String).join(".");
}

/** A zod issue of a journey file, named by the step or connection it is in. */
export function describeJourneyIssue(file: string, issue: z.core.$ZodIssue): string {
  const [collection, id, ...rest] = issue.path;
  if ((collection === "steps" || collection === "connections") && id !== undefined) {
    const subject = collection === "steps" ? "step" : "connection";
    const field = dotted(rest);
    return `${file}: ${subject} ${String(id)}: ${field === "" ? "(the whole entry)" : field}: ${issue.message}`;
  }
  return `${file}: ${dotted(issue.path) || "(the whole file)"}: ${issue.message}`;
}

export function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  return `${file}: ${dotted(issue.path) || "(the whole file)"}: ${issue.message}`;
}

/** `files` as given, or every journey and template file under `dir`. */
export async function loadFileSet(cwd: string, files: readonly string[], dir: string | undefined): Promise<FileSet> {
  const paths =
    files.length > 0 ? files.map((file) => path.resolve(cwd, file)) : await listFileSet(path.resolve(cwd, dir ?? "."));
  const set: FileSet = { journeys: [], templates: [], problems: [] };
  if (paths.length === 0) {
    set.problems.push(`${dir ?? "."}: no journeys/*.journey.json or templates/*.template.json files here`);
    return set;
  }
  for (const absolute of paths) {
    const file = path.relative(cwd, absolute) || absolute;
    const kind = kindOfFile(absolute);
    if (kind !== "journey" && kind !== "template") {
      set.problems.push(`${file}: not a .journey.json or .template.json file`);
      continue;
    }
    const read = await readJsonFile(absolute);
    if (!read.ok) {
      set.problems.push(`${file}: ${read.message}`);
      continue;
    }
    if (kind === "journey") {
      const parsed = ZJourneyFileSchema.safeParse(read.value);
      if (parsed.success) set.journeys.push({ file, value: parsed.data });
      else set.problems.push(...parsed.error.issues.map((issue) => describeJourneyIssue(file, issue)));
    } else {
      const parsed = ZTemplateFileSchema.safeParse(read.value);
      if (parsed.success) set.templates.push({ file, value: parsed.data });
      else set.problems.push(...parsed.error.issues.map((issue) => describeIssue(file, issue)));
    }
  }
  for (const list of [set.journeys, set.templates] as Loaded<{ name: string }>[][]) {
    const seen = new Map<string, string>();
    for (const { file, value } of list) {
      const other = seen.get(value.name);
      if (other) set.problems.push(`${file}: name: "${value.name}" is also the name in ${other}; names must be unique`);
      else seen.set(value.name, file);
    }
  }
  return set;
}
