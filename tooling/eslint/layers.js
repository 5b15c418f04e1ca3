// The dependency rule of ARCHITECTURE.md, declared once: for each workspace package, its
// folder and the workspace packages its product code may import. Lint (boundaries.js)
// checks imports against it, and scripts/check-workspace.mjs checks package.json
// dependencies against it, so the two can never disagree.
//
// `testMay` (optional) lists what the package's tests use beyond `may`: devDependencies only
// (lint lets tests import any workspace package; the test package comes from the root).
//
// An entry of `may` is a package name, optionally narrowed to some of its entry points
// (`{ name, entries }`): lint then allows only those entries, the workspace check the package.
// Packages absent here (e2e, bench, tooling) may depend on anything.

/**
 * Packages that only tests (and test helpers) use. They sit above every layer (the harnesses
 * start real workers, the test caller is the API), so a package listing one would form a cycle
 * (turbo warns, builds cannot order): only the root lists them, and every test, run from the
 * root's one vitest config, resolves them from there. scripts/check-workspace.mjs enforces it.
 */
export const TEST_PACKAGES = ["@mailstream/testing"];

/** Tooling every package may take as a devDependency (runtime: ports and servers some tests start). */
export const TOOLING_PACKAGES = ["@mailstream/tsconfig", "@mailstream/eslint-config", "@mailstream/runtime"];

export const LAYERS = {
  "@mailstream/env": { folder: "packages/env", may: [] },
  // The one logger (structured records, no personal data): every process and use case may log.
  "@mailstream/log": { folder: "packages/log", may: [] },
  // The tRPC wire format (superjson with guarded keys escaped): the API and every client speak it.
  "@mailstream/wire": { folder: "packages/wire", may: [] },
  "@mailstream/journey": { folder: "packages/journey", may: [] },
  // The one guarded outbound connection (SSRF guard): Node built-ins only.
  "@mailstream/net": { folder: "packages/net", may: [] },
  "@mailstream/db": { folder: "packages/db", may: ["@mailstream/journey"] },
  // Sign-in, sessions, roles and the permission table (better-auth on the same Postgres).
  "@mailstream/auth": { folder: "packages/auth", may: ["@mailstream/db"] },
  // db/schema only for the type of the stored transport settings the transports read.
  "@mailstream/emails": {
    folder: "packages/emails",
    may: ["@mailstream/journey", "@mailstream/net", { name: "@mailstream/db", entries: ["schema"] }],
  },
  // Temporal (temporalio/samples-typescript monorepo-folders): contracts are all that other
  // deployables import; workflows take activity *types* only (boundaries.js checks `import type`).
  "@mailstream/temporal-contracts": { folder: "temporal/contracts", may: ["@mailstream/journey"] },
  "@mailstream/workflows": {
    folder: "temporal/workflows",
    may: ["@mailstream/journey", "@mailstream/temporal-contracts", "@mailstream/activities"],
    testMay: ["@mailstream/db", "@mailstream/emails", "@mailstream/core"],
  },
  // core: the send activity loads templates and stores/delivers messages through the use cases.
  "@mailstream/activities": {
    folder: "temporal/activities",
    may: [
      "@mailstream/journey",
      "@mailstream/db",
      "@mailstream/emails",
      "@mailstream/temporal-contracts",
      "@mailstream/core",
      "@mailstream/net",
    ],
  },
  "@mailstream/worker": {
    folder: "temporal/worker",
    may: [
      "@mailstream/log",
      "@mailstream/env",
      "@mailstream/db",
      "@mailstream/emails",
      "@mailstream/temporal-contracts",
      "@mailstream/workflows",
      "@mailstream/activities",
      "@mailstream/net",
    ],
  },
  "@mailstream/core": {
    folder: "packages/core",
    may: [
      "@mailstream/log",
      "@mailstream/db",
      "@mailstream/journey",
      "@mailstream/emails",
      "@mailstream/temporal-contracts",
      "@mailstream/net",
    ],
  },
  "@mailstream/api": {
    folder: "packages/api",
    may: [
      "@mailstream/wire",
      "@mailstream/log",
      "@mailstream/core",
      "@mailstream/auth",
      "@mailstream/journey",
      // The guard's type in the deps (the web app builds it from MAILSTREAM_OUTBOUND_ALLOW).
      "@mailstream/net",
      // The deployable's deps (http/deps.ts): the pooled db client and the Temporal client.
      { name: "@mailstream/db", entries: ["client"] },
      { name: "@mailstream/temporal-contracts", entries: ["client"] },
      // Template content is defined by the renderer; routers validate input with its schemas.
      { name: "@mailstream/emails", entries: ["blocks", "template"] },
    ],
    testMay: ["@mailstream/worker", "@mailstream/activities"],
  },
  "@mailstream/dispatcher": {
    folder: "apps/dispatcher",
    may: [
      "@mailstream/log",
      "@mailstream/env",
      "@mailstream/core",
      { name: "@mailstream/db", entries: ["client"] },
      { name: "@mailstream/temporal-contracts", entries: ["client"] },
    ],
  },
  "@mailstream/sdk": { folder: "packages/sdk", may: ["@mailstream/api", "@mailstream/wire"] },
  // The `mailstream` CLI (journeys as code): talks to a server over tRPC only (the SDK's client);
  // the journey package and the template content schema validate a file set before anything is written.
  "@mailstream/cli": {
    folder: "packages/cli",
    may: ["@mailstream/sdk", "@mailstream/journey", { name: "@mailstream/emails", entries: ["template", "blocks"] }],
    testMay: ["@mailstream/api"],
  },
  "@mailstream/web": {
    folder: "apps/web",
    may: [
      "@mailstream/wire",
      "@mailstream/log",
      "@mailstream/api",
      "@mailstream/auth",
      "@mailstream/env",
      "@mailstream/journey",
      "@mailstream/emails",
      "@mailstream/temporal-contracts",
      "@mailstream/net",
    ],
  },
  // core: the demo seed publishes through the publish use case; auth: the demo owner's account;
  // the run search attributes the Temporal dev server registers.
  "@mailstream/runtime": {
    folder: "tooling/runtime",
    may: [
      "@mailstream/db",
      "@mailstream/core",
      "@mailstream/auth",
      { name: "@mailstream/temporal-contracts", entries: ["search-attributes"] },
    ],
  },
};

/** The package names an entry of `may` stands for. */
export function packageOf(entry) {
  return typeof entry === "string" ? entry : entry.name;
}
