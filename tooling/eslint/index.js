// Mailstream's lint config (flat): typescript-eslint with type information through the
// project service, the promise rules that catch lost awaits, React hooks rules for the web
// app, and the package boundaries of DESIGN.md (./boundaries.js).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";
import { boundaries } from "./boundaries.js";
import { noServerImportsInClient } from "./rules/no-server-imports-in-client.js";

export const ignores = {
  ignores: [
    "**/node_modules/**",
    "**/.next/**",
    "**/.next-stack/**",
    "**/.turbo/**",
    ".data/**",
    ".tools/**",
    "**/drizzle/meta/**",
    "**/dist/**",
    "**/coverage/**",
    "**/test-results/**",
    "**/playwright-report/**",
    "**/next-env.d.ts",
  ],
};

/** @param {{ rootDir: string }} options */
export function createConfig({ rootDir }) {
  return tseslint.config(
    ignores,
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
      languageOptions: {
        ecmaVersion: 2023,
        sourceType: "module",
        globals: { ...globals.node },
        parserOptions: {
          projectService: {
            // Root-level config files belong to no package's tsconfig.
            allowDefaultProject: ["*.config.ts"],
            defaultProject: "tooling/eslint/tsconfig.json",
          },
          tsconfigRootDir: rootDir,
        },
      },
      linterOptions: { reportUnusedDisableDirectives: "error" },
      rules: {
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
        ],
      },
    },
    {
      // Plain JavaScript (bootstrap, configs) gets the syntax rules, not type information.
      files: ["**/*.{js,mjs,cjs}"],
      languageOptions: { parserOptions: { projectService: false } },
    },
    {
      files: ["**/*.{ts,tsx,mts,cts}"],
      rules: {
        "@typescript-eslint/no-floating-promises": "error",
        "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
        "@typescript-eslint/await-thenable": "error",
        "@typescript-eslint/require-await": "off",
      },
    },
    {
      files: ["apps/web/**/*.tsx"],
      languageOptions: { globals: { ...globals.browser } },
      plugins: {
        "react-hooks": reactHooks,
        mailstream: { rules: { "no-server-imports-in-client": noServerImportsInClient } },
      },
      rules: {
        "react-hooks/rules-of-hooks": "error",
        "react-hooks/exhaustive-deps": "warn",
        "mailstream/no-server-imports-in-client": "error",
      },
    },
    ...boundaries,
  );
}
