// One vitest run for every package, as two projects:
//   unit  — test files that never touch the test stack, found from their imports
//           (packages/testing/src/stack-free-tests.ts says the rule): one shared module graph
//           per worker (`isolate: false`), no stack started for them;
//   stack — everything else: integration tests against the real embedded Postgres and Temporal
//           dev server that the global setup starts once, each file in its own process.
// Two workers: files are isolated by design (own workspace, own task queues: packages/testing),
// and most stack files spend their time waiting on Postgres, Temporal or a timer.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { findStackFreeTests, findTestFiles } from "./packages/testing/src/stack-free-tests.ts";

const REPO_ROOT = fileURLToPath(new URL(".", import.meta.url));
const TEST_FILES = ["{packages,temporal,tooling,apps}/**/src/**/*.test.{ts,tsx}"];
const EXCLUDED = ["**/node_modules/**", "**/.next/**"];
const STACK_FREE = findStackFreeTests(REPO_ROOT, findTestFiles(REPO_ROOT));

// Settings both projects share. Each project states them itself (no `extends`), so `maxWorkers`
// is set once, at the root, where `--maxWorkers` on the command line overrides it.
const shared = {
  // apps/web imports `@/…` (its tsconfig paths); Vite resolves them from each file's tsconfig.
  resolve: { tsconfigPaths: true },
  // apps/web's tsconfig keeps `jsx: preserve` for Next; tests that import .tsx modules (the
  // canvas kinds, which carry their inspector forms) need the JSX compiled.
  oxc: { jsx: { runtime: "automatic" as const } },
};
const LIMITS = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  ...shared,
  test: {
    maxWorkers: 2,
    projects: [
      {
        ...shared,
        test: { ...LIMITS, name: "unit", include: STACK_FREE, pool: "threads", isolate: false },
      },
      {
        ...shared,
        test: {
          ...LIMITS,
          name: "stack",
          include: TEST_FILES,
          exclude: [...EXCLUDED, ...STACK_FREE],
          globalSetup: ["./packages/testing/src/vitest-global-setup.ts"],
          pool: "forks",
        },
      },
    ],
  },
});
