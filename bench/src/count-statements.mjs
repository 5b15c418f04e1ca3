// Preloaded (`node --import`) into the worker and the dispatcher by `bench:costs
// --count-statements`: counts the SQL statements the process sends through `pg`, by their
// text, and writes them to $COSTS_STATEMENTS_DIR/<pid>.json when the process exits. Plain
// JavaScript: it runs before the process's own TypeScript loader (tsx) is registered.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = process.env.COSTS_STATEMENTS_DIR;
if (dir) {
  // The one `pg` every workspace package resolves (packages/db depends on it); `pg` is CommonJS,
  // so the process's own `import pg` gets this same module from the require cache.
  const loadFromDb = createRequire(fileURLToPath(new URL("../../packages/db/package.json", import.meta.url)));
  const Client = loadFromDb("pg/lib/client.js");
  const counts = new Map();
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, ...rest) {
    const text = typeof config === "string" ? config : (config && config.text) || "?";
    counts.set(text, (counts.get(text) ?? 0) + 1);
    return query.call(this, config, ...rest);
  };
  process.on("exit", () => {
    const entry = process.argv.find((arg) => /src[\\/]main\.ts$/.test(arg)) ?? process.argv[1] ?? "";
    const role = /dispatcher/.test(entry) ? "dispatcher" : /worker/.test(entry) ? "worker" : path.basename(entry);
    fs.writeFileSync(
      path.join(dir, `${process.pid}.json`),
      JSON.stringify({ role, statements: Object.fromEntries(counts) }),
    );
  });
}
