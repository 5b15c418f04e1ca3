// Registers the search attributes every journey run starts with (temporal-contracts
// `search-attributes.ts`) in a namespace of a running Temporal server. The dev server's
// `--search-attribute` flag covers a fresh database only: a `.data` from before the attributes
// existed keeps its namespace without them, so `npm start` registers them here as well, and
// cluster mode after creating its namespace. Idempotent: registered attributes are left alone.
// The real server's frontends learn of a new namespace from their registry cache (refreshed
// every few seconds), so "namespace not found" right after creating it is retried for a while.
import { execFile } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { RUN_SEARCH_ATTRIBUTES } from "@mailstream/temporal-contracts/search-attributes";

const run = promisify(execFile);
const NAMESPACE_VISIBLE_WITHIN_MS = 60_000;

export async function ensureRunSearchAttributes(options: { cli: string; address: string; namespace: string }) {
  const args = ["--address", options.address, "--namespace", options.namespace];
  const deadline = Date.now() + NAMESPACE_VISIBLE_WITHIN_MS;
  for (const attribute of RUN_SEARCH_ATTRIBUTES) {
    for (;;) {
      try {
        await run(
          options.cli,
          ["operator", "search-attribute", "create", ...args, "--name", attribute.name, "--type", attribute.cliType],
          { timeout: 30_000, env: { ...process.env, TEMPORAL_VERSION_CHECK_DISABLED: "1" } },
        );
        break;
      } catch (error) {
        const detail = String((error as { stderr?: string }).stderr ?? error);
        if (/already exists|AlreadyExists/i.test(detail)) break;
        if (/namespace .* not found/i.test(detail) && Date.now() < deadline) {
          await sleep(1_000);
          continue;
        }
        throw new Error(`could not register the search attribute ${attribute.name}: ${detail.trim().slice(0, 300)}`);
      }
    }
  }
}
