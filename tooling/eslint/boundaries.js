// The dependency direction of DESIGN.md, enforced with `no-restricted-imports`: each
// folder lists what it must not import. ESLint replaces (never merges) a rule's options
// when several config objects match a file, so every folder's entry is complete on its
// own and the most specific folder comes last.
import { builtinModules } from "node:module";

const DESIGN = "see the dependency direction in DESIGN.md";

/** Imports of another package's sources by path instead of through its `exports`. */
const crossPackagePaths = [
  {
    regex: "^@mailstream/[^/]+/src(/|$)",
    message: "Import the package's public entry (its package.json `exports`), not its src/ files.",
  },
  {
    regex: "^(\\.\\./)+(packages/|apps/|tooling/)?(journey|db|emails|api|sdk|web|temporal|runtime)/src(/|$)",
    message: "Import other workspace packages by name (@mailstream/…), never by relative path.",
  },
];

const nodeBuiltins = {
  paths: builtinModules.filter((name) => !name.startsWith("_")).map((name) => ({ name, message: "" })),
  pattern: { regex: "^node:", message: "" },
};

function internalOnly(allowed, who) {
  const names =
    allowed.length > 0
      ? allowed.map((name) => `@mailstream/${name.replace("/(contracts|client)$", "/contracts or /client")}`).join(", ")
      : "no other workspace package";
  return {
    regex: allowed.length > 0 ? `^@mailstream/(?!(${allowed.join("|")})(/|$))` : "^@mailstream/",
    message:
      allowed.length > 0 ? `${who} may import only ${names} (${DESIGN}).` : `${who} imports ${names} (${DESIGN}).`,
  };
}

function rule(patterns, paths = []) {
  return ["error", { paths, patterns: [...crossPackagePaths, ...patterns] }];
}

function noNodeBuiltins(why) {
  return {
    paths: nodeBuiltins.paths.map((entry) => ({ ...entry, message: why })),
    pattern: { ...nodeBuiltins.pattern, message: why },
  };
}

const pure = noNodeBuiltins(
  "packages/journey is pure (it runs inside Temporal workflows and the browser): no Node built-ins.",
);
const deterministic = noNodeBuiltins(
  "Workflow code must be deterministic and runs in Temporal's sandbox: no Node built-ins.",
);
const WORKFLOW_ONLY =
  "Workflow files import only @mailstream/journey, @temporalio/workflow and activity types (temporalio/samples-typescript).";

// Tests and their helpers (`test-workers.ts`) run in Node under vitest, never in a
// workflow sandbox or a browser.
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/test-*.ts"];

/**
 * A folder's restrictions for its sources and, unless `testRules` is false, for its tests,
 * which may also use the shared test stack (@mailstream/runtime/test-env). With
 * `testRules: false` the tests keep the rules of the enclosing folder.
 */
function layer(folder, allowed, extraPatterns = [], paths = [], { testRules = true } = {}) {
  const who = folder.replace("/**", "");
  const sources = {
    files: [folder],
    ignores: TESTS,
    rules: { "no-restricted-imports": rule([internalOnly(allowed, who), ...extraPatterns], paths) },
  };
  if (!testRules) return [sources];
  const tests = {
    files: TESTS.map((test) => `${who}/${test}`),
    rules: { "no-restricted-imports": rule([internalOnly([...allowed, "runtime"], who), ...extraPatterns], paths) },
  };
  return [sources, tests];
}

export const boundaries = [
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    rules: { "no-restricted-imports": rule([]) },
  },
  ...layer(
    "packages/journey/**",
    [],
    [pure.pattern, { regex: "^(react|react-dom|pg|drizzle-orm)(/|$)", message: pure.pattern.message }],
    pure.paths,
  ),
  ...layer("packages/db/**", ["journey", "db"]),
  ...layer("packages/emails/**", ["emails", "journey", "db"]),
  ...layer(
    "packages/api/**",
    ["api", "db", "journey", "emails", "temporal/(contracts|client)$"],
    [
      {
        regex: "^@temporalio/(worker|workflow|activity)$",
        message: "packages/api talks to Temporal through @mailstream/temporal/client only.",
      },
    ],
  ),
  ...layer(
    "packages/sdk/**",
    ["sdk", "api"],
    [
      {
        regex: "^@mailstream/api(/|$)",
        allowTypeImports: true,
        message: "packages/sdk may import only types (`import type`) from @mailstream/api.",
      },
    ],
  ),
  ...layer("temporal/**", ["temporal", "journey", "db", "emails"]),
  ...layer(
    "temporal/src/workflows/**",
    ["journey"],
    [
      deterministic.pattern,
      { regex: "^@temporalio/(?!workflow$)", message: WORKFLOW_ONLY },
      { regex: "^(pg|drizzle-orm|react|react-dom|nodemailer|uuid)(/|$)", message: WORKFLOW_ONLY },
      {
        regex: "(^|/)activities(/|$)",
        allowTypeImports: true,
        message: `${WORKFLOW_ONLY} Use \`import type\` with proxyActivities.`,
      },
      { regex: "^\\.\\./(worker|client|main|env)$", message: WORKFLOW_ONLY },
    ],
    deterministic.paths,
    { testRules: false },
  ),
  ...layer(
    "apps/web/**",
    ["web", "api", "journey", "emails", "temporal/(contracts|client)$"],
    [
      {
        regex: "^@temporalio/(worker|workflow|activity)$",
        message: "The web app never loads worker or workflow code.",
      },
    ],
  ),
  ...layer(
    "apps/web/src/components/**",
    ["web", "api", "journey", "emails"],
    [{ regex: "^@temporalio/", message: "Client components never import Temporal." }],
  ),
];
