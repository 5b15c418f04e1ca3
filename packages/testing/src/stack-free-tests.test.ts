import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findStackFreeTests, findTestFiles, valueImports } from "./stack-free-tests";

describe("valueImports", () => {
  it("keeps value imports, re-exports, side-effect and dynamic imports; drops type-only ones", () => {
    const source = [
      'import { a, type B } from "./values";',
      'import type { C } from "./types-only";',
      'import { type D, type E } from "./types-in-braces";',
      'import {\n  f,\n  g,\n} from "pg";',
      'import "./side-effect";',
      'export { h } from "./re-export";',
      'export type { I } from "./type-re-export";',
      'const lazy = await import("./lazy");',
    ].join("\n");
    expect(valueImports(source).sort()).toEqual(["./lazy", "./re-export", "./side-effect", "./values", "pg"]);
  });
});

describe("findStackFreeTests", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "stack-free-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, source: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), source);
  };
  write(
    "packages/p/src/pure.test.ts",
    'import { add } from "./math";\nimport type { Db } from "@mailstream/db/client";',
  );
  write("packages/p/src/math.ts", 'import { z } from "zod";\nexport const add = (a: number, b: number) => a + b;');
  write("packages/p/src/through-helper.test.ts", 'import { connect } from "./helper";');
  write("packages/p/src/helper.ts", 'import pg from "pg";\nexport const connect = () => new pg.Client();');
  write("packages/p/src/harness.test.ts", 'import { testDb } from "@mailstream/testing/test-db";');
  write("packages/p/src/env.test.ts", "const url = process.env.DATABASE_URL;");
  write("packages/p/src/mocks.test.ts", 'import { vi } from "vitest";\nvi.useFakeTimers();');
  write("packages/p/src/missing.test.ts", 'import { x } from "./generated";');

  it("finds every test file under <root>/<package>/src and keeps only those that never reach the stack", () => {
    const files = findTestFiles(root);
    expect(files).toEqual([
      "packages/p/src/env.test.ts",
      "packages/p/src/harness.test.ts",
      "packages/p/src/missing.test.ts",
      "packages/p/src/mocks.test.ts",
      "packages/p/src/pure.test.ts",
      "packages/p/src/through-helper.test.ts",
    ]);
    expect(findStackFreeTests(root, files)).toEqual(["packages/p/src/pure.test.ts"]);
  });
});
