// Registers the search attributes every journey run starts with (temporal-contracts
// `search-attributes.ts`) in a namespace of a running Temporal server. The dev server's
// `--search-attribute` flag covers a fresh database only: a `.data` from before the attributes
// existed keeps its namespace without them, so `npm start` registers them here as well, and
// cluster mode after creating its namespace. Idempotent: registered attributes are left alone.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { RUN_SEARCH_ATTRIBUTES } from "@mailstream/temporal-contracts/search-attributes";

const run = promisify(execFile);

export async function ensureRunSearchAttributes(options: { cli: string; address: string; namespace: string }) {
  const args = ["--address", options.address, "--namespace", options.namespace];
  for (const attribute of RUN_SEARCH_ATTRIBUTES) {
    try {
      await run(
        options.cli,
        ["operator", "search-attribute", "create", ...args, "--name", attribute.name, "--type", attribute.cliType],
        { timeout: 30_000, env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: "1" } },
      );
    } catch (error) {
      const detail = String((error as { stderr?: string }).stderr ?? error);
      if (/already exists|AlreadyExists/i.test(detail)) continue;
      throw new Error(`could not register the search attribute ${attribute.name}: ${detail.trim().slice(0, 300)}`);
    }
  }
}
