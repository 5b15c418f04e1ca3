// Lint for the whole workspace, run once from the root (`pnpm lint`, part of `npm test`).
// The rules live in tooling/eslint.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConfig } from "@mailstream/eslint-config";

export default createConfig({ rootDir: path.dirname(fileURLToPath(import.meta.url)) });
