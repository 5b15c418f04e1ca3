// The dependency rule of tooling/eslint/layers.js, enforced on imports with
// `no-restricted-imports`: each package folder may import only the packages its layer lists. ESLint replaces (never merges) a rule's options
// when several config objects match a file, so every folder's entry is complete on its
// own and the most specific folder comes last.
import { builtinModules } from "node:module";
import { LAYERS } from "./layers.js";

const RULE = "see the dependency rule in ARCHITECTURE.md, declared in tooling/eslint/layers.js";

/** Imports of another package's sources by path instead of through its `exports`. */
const crossPackagePaths = [
  {
    regex: "^@mailstream/[^/]+/src(/|$)",
    message: "Import the package's public entry (its package.json `exports`), not its src/ files.",
  },
  {
    regex:
      "^(\\.\\./)+(packages/|apps/|tooling/|temporal/)?(journey|db|emails|env|auth|core|api|sdk|testing|web|dispatcher|contracts|workflows|activities|worker|runtime)/src(/|$)",
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
      ? allowed
          .map(
            (name) =>
              `@mailstream/${name.replace(/\/\((.*)\)\$$/, (_, entries) => `/${entries.split("|").join(" or /")}`)}`,
          )
          .join(", ")
      : "no other workspace package";
  return {
    regex: allowed.length > 0 ? `^@mailstream/(?!(${allowed.join("|")})(/|$))` : "^@mailstream/",
    message: allowed.length > 0 ? `${who} may import only ${names} (${RULE}).` : `${who} imports ${names} (${RULE}).`,
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
  "Workflow files import only @mailstream/journey, @temporalio/workflow, @mailstream/temporal-contracts and activity types (temporalio/samples-typescript).";

// Tests and the helpers beside them (fixtures, test servers, callers) run in Node under
// vitest, never in a workflow sandbox or a browser, and may use any workspace package:
// the harnesses of @mailstream/testing start real workers.
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "**/test-*.ts", "**/*-test-server.ts", "**/*-fixtures.ts"];

/** The import names (short, regex) a package's layer allows: itself and its `may` list. */
function allowedOf(packageName) {
  const short = (name) => name.replace("@mailstream/", "");
  return [
    short(packageName),
    ...LAYERS[packageName].may.map((entry) =>
      typeof entry === "string" ? short(entry) : `${short(entry.name)}/(${entry.entries.join("|")})$`,
    ),
  ];
}

/** A folder's restrictions for its sources; its tests keep only the cross-package path rule. */
function layer(folder, allowed, extraPatterns = [], paths = []) {
  const who = folder.replace("/**", "");
  const sources = {
    files: [folder],
    ignores: TESTS,
    rules: { "no-restricted-imports": rule([internalOnly(allowed, who), ...extraPatterns], paths) },
  };
  const tests = { files: TESTS.map((test) => `${who}/${test}`), rules: { "no-restricted-imports": rule([]) } };
  return [sources, tests];
}

/** The layer of a workspace package, by name. */
function packageLayer(packageName, extraPatterns = [], paths = []) {
  return layer(`${LAYERS[packageName].folder}/**`, allowedOf(packageName), extraPatterns, paths);
}

export const boundaries = [
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    rules: { "no-restricted-imports": rule([]) },
  },
  ...packageLayer(
    "@mailstream/journey",
    [pure.pattern, { regex: "^(react|react-dom|pg|drizzle-orm)(/|$)", message: pure.pattern.message }],
    pure.paths,
  ),
  ...packageLayer("@mailstream/env"),
  ...packageLayer("@mailstream/db"),
  ...packageLayer("@mailstream/auth"),
  ...packageLayer("@mailstream/emails"),
  ...packageLayer("@mailstream/core", [
    {
      regex: "^@temporalio/(worker|workflow|activity)$",
      message: "packages/core talks to Temporal through @temporalio/client and @mailstream/temporal-contracts only.",
    },
  ]),
  ...packageLayer("@mailstream/api", [
    {
      regex: "^@temporalio/(worker|workflow|activity)$",
      message: "packages/api talks to Temporal through @mailstream/temporal-contracts (and its /client) only.",
    },
  ]),
  ...packageLayer("@mailstream/dispatcher", [
    {
      regex: "^@temporalio/(worker|workflow|activity)$",
      message: "The dispatcher starts and signals runs through the Temporal client only.",
    },
  ]),
  ...packageLayer("@mailstream/sdk", [
    {
      regex: "^@mailstream/api(/|$)",
      allowTypeImports: true,
      message: "packages/sdk may import only types (`import type`) from @mailstream/api.",
    },
  ]),
  ...packageLayer("@mailstream/temporal-contracts"),
  ...packageLayer("@mailstream/activities"),
  ...packageLayer("@mailstream/worker"),
  ...packageLayer("@mailstream/workflows"),
  // The workflow code itself (workflows-path.ts beside src/ is the node-side entry the worker reads).
  ...layer(
    "temporal/workflows/src/**",
    allowedOf("@mailstream/workflows"),
    [
      deterministic.pattern,
      { regex: "^@temporalio/(?!workflow$)", message: WORKFLOW_ONLY },
      { regex: "^(pg|drizzle-orm|react|react-dom|nodemailer|uuid)(/|$)", message: WORKFLOW_ONLY },
      {
        regex: "^@mailstream/activities(/|$)",
        allowTypeImports: true,
        message: `${WORKFLOW_ONLY} Use \`import type\` with proxyActivities.`,
      },
      { regex: "^@mailstream/temporal-contracts/client$", message: WORKFLOW_ONLY },
    ],
    deterministic.paths,
  ),
  ...packageLayer("@mailstream/web", [
    {
      regex: "^@temporalio/(worker|workflow|activity)$",
      message: "The web app never loads worker or workflow code.",
    },
  ]),
  ...layer(
    "apps/web/src/components/**",
    allowedOf("@mailstream/web").filter((name) => !name.startsWith("temporal")),
    [{ regex: "^@temporalio/", message: "Client components never import Temporal." }],
  ),
  ...packageLayer("@mailstream/runtime"),
];
