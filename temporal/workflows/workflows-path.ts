// The single `workflowsPath` for workers and the test bundle.
import { fileURLToPath } from "node:url";

export const WORKFLOWS_PATH = fileURLToPath(new URL("./src/index.ts", import.meta.url));
