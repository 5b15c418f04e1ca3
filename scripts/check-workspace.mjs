#!/usr/bin/env node
// The workspace checker: the dependency direction of DESIGN.md, read from each package's
// package.json (lint checks the imports; this checks what a package may even install).
// Tooling packages (tsconfig, eslint config, the test runtime) are allowed as devDependencies.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TOOLING_DEV = new Set(["@mailstream/tsconfig", "@mailstream/eslint-config", "@mailstream/runtime"]);

/** Package → the workspace packages it may depend on. Unlisted packages (bench, e2e, tooling) may use any. */
export const ALLOWED = {
  "@mailstream/journey": [],
  "@mailstream/db": ["@mailstream/journey"],
  "@mailstream/emails": ["@mailstream/journey", "@mailstream/db"],
  "@mailstream/temporal": ["@mailstream/journey", "@mailstream/db", "@mailstream/emails"],
  "@mailstream/api": ["@mailstream/db", "@mailstream/journey", "@mailstream/emails", "@mailstream/temporal"],
  "@mailstream/sdk": ["@mailstream/api"],
  "@mailstream/web": ["@mailstream/api", "@mailstream/journey", "@mailstream/emails", "@mailstream/temporal"],
};

function workspaceManifests() {
  const folders = ["apps", "packages", "tooling"].flatMap((group) =>
    existsSync(path.join(REPO_ROOT, group))
      ? readdirSync(path.join(REPO_ROOT, group)).map((name) => path.join(group, name))
      : [],
  );
  return [...folders, "temporal", "e2e", "bench"]
    .map((folder) => path.join(REPO_ROOT, folder, "package.json"))
    .filter((file) => existsSync(file))
    .map((file) => ({ file: path.relative(REPO_ROOT, file), manifest: JSON.parse(readFileSync(file, "utf8")) }));
}

export function findViolations(manifests) {
  const problems = [];
  for (const { file, manifest } of manifests) {
    const allowed = ALLOWED[manifest.name];
    if (!allowed) continue;
    const check = (deps, isDev) => {
      for (const dep of Object.keys(deps ?? {})) {
        if (!dep.startsWith("@mailstream/") || allowed.includes(dep)) continue;
        if (isDev && TOOLING_DEV.has(dep)) continue;
        problems.push(`${file}: ${manifest.name} must not depend on ${dep} (allowed: ${allowed.join(", ") || "none"})`);
      }
    };
    check(manifest.dependencies, false);
    check(manifest.devDependencies, true);
    check(manifest.peerDependencies, false);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = findViolations(workspaceManifests());
  if (problems.length > 0) {
    process.stderr.write(`workspace dependency direction (DESIGN.md) violated:\n  ${problems.join("\n  ")}\n`);
    process.exit(1);
  }
  process.stdout.write("workspace dependencies follow DESIGN.md\n");
}
