// A file set on disk: which file is which kind, reading each as JSON, names → file names, and
// writing files in the canonical form. Every problem is named by the file it is in.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "./canonical-json";
import { FILE_KINDS, type FileKind } from "./file-schemas";

/** `Welcome series!` → `welcome-series`; never empty. */
export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return slug === "" ? "untitled" : slug;
}

/** Names → distinct slugs, decided in name order so the same names always get the same files. */
export function slugsFor(names: readonly string[]): Map<string, string> {
  const taken = new Set<string>();
  const slugs = new Map<string, string>();
  for (const name of [...new Set(names)].sort()) {
    const base = slugOf(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
    taken.add(slug);
    slugs.set(name, slug);
  }
  return slugs;
}

export function kindOfFile(file: string): FileKind | null {
  for (const [kind, { suffix }] of Object.entries(FILE_KINDS)) if (file.endsWith(suffix)) return kind as FileKind;
  return null;
}

/** The journey and template files of a directory (its `journeys/` and `templates/` folders), sorted. */
export async function listFileSet(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const kind of ["journey", "template"] as const) {
    const folder = path.join(dir, FILE_KINDS[kind].folder);
    const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    files.push(
      ...names.filter((name) => name.endsWith(FILE_KINDS[kind].suffix)).map((name) => path.join(folder, name)),
    );
  }
  return files.sort();
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; message: string };

export async function readJsonFile(file: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { ok: false, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `is not JSON: ${(error as Error).message}` };
  }
}

export async function writeCanonical(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, canonicalJson(value));
}
