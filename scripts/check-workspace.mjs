#!/usr/bin/env node
// The workspace checker: the dependency rule declared in tooling/eslint/layers.js, checked
// against each package's package.json (lint checks the imports against the same rule; this
// checks what a package may even install). Tooling is allowed as a devDependency anywhere; the
// test package only as the root's (see TEST_PACKAGES).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LAYERS, packageOf, TEST_PACKAGES, TOOLING_PACKAGES } from "../tooling/eslint/layers.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEV_ANYWHERE = new Set(TOOLING_PACKAGES);

/** Package → the workspace packages it may depend on (tooling/eslint/layers.js). Unlisted packages may use any. */
export const ALLOWED = Object.fromEntries(
  Object.entries(LAYERS).map(([name, layer]) => [name, layer.may.map(packageOf)]),
);
/** Package → what its tests may also take as devDependencies (`testMay`). */
const ALLOWED_IN_TESTS = Object.fromEntries(Object.entries(LAYERS).map(([name, layer]) => [name, layer.testMay ?? []]));

function workspaceManifests() {
  const folders = ["apps", "packages", "tooling", "temporal"].flatMap((group) =>
    existsSync(path.join(REPO_ROOT, group))
      ? readdirSync(path.join(REPO_ROOT, group)).map((name) => path.join(group, name))
      : [],
  );
  return [...folders, "e2e", "bench"]
    .map((folder) => path.join(REPO_ROOT, folder, "package.json"))
    .filter((file) => existsSync(file))
    .map((file) => ({ file: path.relative(REPO_ROOT, file), manifest: JSON.parse(readFileSync(file, "utf8")) }));
}

export function findViolations(manifests) {
  const problems = [];
  for (const { file, manifest } of manifests) {
    for (const field of ["dependencies", "devDependencies", "peerDependencies"])
      for (const dep of TEST_PACKAGES.filter((name) => name in (manifest[field] ?? {})))
        problems.push(
          `${file}: ${manifest.name} must not list ${dep} (${field}): it depends on most packages, so a package listing it makes a cycle; tests resolve it from the root's devDependencies`,
        );
    const allowed = ALLOWED[manifest.name];
    if (!allowed) continue;
    const check = (deps, isDev) => {
      for (const dep of Object.keys(deps ?? {})) {
        if (!dep.startsWith("@mailstream/") || allowed.includes(dep) || TEST_PACKAGES.includes(dep)) continue;
        if (isDev && (DEV_ANYWHERE.has(dep) || ALLOWED_IN_TESTS[manifest.name].includes(dep))) continue;
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
    process.stderr.write(
      `workspace dependency rule (tooling/eslint/layers.js) violated:\n  ${problems.join("\n  ")}\n`,
    );
    process.exit(1);
  }
  process.stdout.write("workspace dependencies follow the layer rule\n");
}
