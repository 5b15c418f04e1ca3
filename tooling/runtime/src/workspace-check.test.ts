// The workspace checker (scripts/check-workspace.mjs): DESIGN.md's dependency direction
// read from package manifests.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JavaScript module without type declarations
import { findViolations } from "../../../scripts/check-workspace.mjs";
import { REPO_ROOT } from "./tools";

type Manifest = { name: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const check = findViolations as (manifests: Array<{ file: string; manifest: Manifest }>) => string[];

describe("workspace checker", () => {
  it("accepts the repository as it is", () => {
    const output = execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts", "check-workspace.mjs")], {
      encoding: "utf8",
    });
    expect(output).toContain("follow the layer rule");
  });

  it("names a package that depends against the direction", () => {
    const problems = check([
      {
        file: "packages/db/package.json",
        manifest: { name: "@mailstream/db", dependencies: { "@mailstream/api": "workspace:*" } },
      },
      {
        file: "packages/journey/package.json",
        manifest: { name: "@mailstream/journey", devDependencies: { "@mailstream/db": "workspace:*" } },
      },
    ]);
    expect(problems).toEqual([
      "packages/db/package.json: @mailstream/db must not depend on @mailstream/api (allowed: @mailstream/journey)",
      "packages/journey/package.json: @mailstream/journey must not depend on @mailstream/db (allowed: none)",
    ]);
  });

  it("lets tooling in as dev dependencies only", () => {
    const manifest = (deps: "dependencies" | "devDependencies"): Manifest => ({
      name: "@mailstream/journey",
      [deps]: { "@mailstream/tsconfig": "workspace:*" },
    });
    expect(check([{ file: "a", manifest: manifest("devDependencies") }])).toEqual([]);
    expect(check([{ file: "b", manifest: manifest("dependencies") }])).toHaveLength(1);
  });

  it("refuses the test package in any package: it depends on them, so listing it makes a cycle", () => {
    const problems = check([
      {
        file: "packages/core/package.json",
        manifest: { name: "@mailstream/core", devDependencies: { "@mailstream/testing": "workspace:*" } },
      },
      { file: "e2e/package.json", manifest: { name: "@mailstream/e2e", dependencies: { "@mailstream/testing": "x" } } },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("packages/core/package.json: @mailstream/core must not list @mailstream/testing");
    expect(problems[1]).toContain("e2e/package.json: @mailstream/e2e must not list @mailstream/testing (dependencies)");
  });
});
