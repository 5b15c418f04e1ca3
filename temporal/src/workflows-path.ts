// The single `workflowsPath` for workers and the test bundle.
import { fileURLToPath } from "node:url";

export const WORKFLOWS_PATH = fileURLToPath(new URL("./workflows/index.ts", import.meta.url));
