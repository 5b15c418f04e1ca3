// One vitest run for every package: unit tests and integration tests against the real
// embedded Postgres and Temporal dev server that the global setup starts once.
import { defineConfig } from "vitest/config";

export default defineConfig({
  // apps/web imports `@/…` (its tsconfig paths); Vite resolves them from each file's tsconfig.
  resolve: { tsconfigPaths: true },
  // apps/web's tsconfig keeps `jsx: preserve` for Next; tests that import .tsx modules (the
  // canvas kinds, which carry their inspector forms) need the JSX compiled.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    include: ["{packages,temporal,tooling,apps}/**/src/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "**/.next/**"],
    globalSetup: ["./packages/testing/src/vitest-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
