// Puts the real Temporal server and its schema tool into .tools/bin for cluster mode
// (`npm run start:cluster`): `temporal-server` (go.temporal.io/server/cmd/server) and
// `temporal-sql-tool` (…/cmd/tools/sql), both built from the Go module proxy with `go install`
// (about two minutes on two cores; later starts reuse the binaries). The Postgres schema files
// come from the same module in Go's module cache; the path is returned for the supervisor.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BootstrapError, captureOutput, logStep, runCommand, which } from "./shell.mjs";

export const TEMPORAL_SERVER_VERSION = "1.29.1";
const MODULE = "go.temporal.io/server";
const BINARIES = [
  { name: "temporal-server", pkg: `${MODULE}/cmd/server`, built: "server" },
  { name: "temporal-sql-tool", pkg: `${MODULE}/cmd/tools/sql`, built: "sql" },
];

function findGo() {
  return which("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : null);
}

// The Temporal Web UI server (its built assets are embedded in the module). v2.41.0 is the
// newest that builds with Go 1.26.8 (later ones ask for Go 1.26.10+).
export const TEMPORAL_UI_VERSION = "2.41.0";
const UI_PACKAGE = "github.com/temporalio/ui-server/v2/cmd/server";

/**
 * Builds .tools/bin/temporal-ui-server if missing. Optional: cluster mode runs without the UI
 * when this fails, so the failure is reported and null returned.
 */
export async function ensureTemporalUi(repoRoot) {
  const binDir = path.join(repoRoot, ".tools", "bin");
  const target = path.join(binDir, "temporal-ui-server");
  const stamp = path.join(binDir, `temporal-ui-server-${TEMPORAL_UI_VERSION}.built`);
  if (existsSync(target) && existsSync(stamp)) {
    logStep(`temporal UI: v${TEMPORAL_UI_VERSION} (.tools/bin/temporal-ui-server)`);
    return target;
  }
  const go = findGo();
  if (!go) return null;
  logStep(`temporal UI: building v${TEMPORAL_UI_VERSION} with go install (a few minutes, once)…`);
  mkdirSync(binDir, { recursive: true });
  const scratch = mkdtempSync(path.join(binDir, ".go-build-"));
  try {
    await runCommand(go, ["install", `${UI_PACKAGE}@v${TEMPORAL_UI_VERSION}`], {
      env: { ...process.env, GOBIN: scratch, CGO_ENABLED: "0" },
      timeoutMs: 30 * 60_000,
    });
    renameSync(path.join(scratch, "server"), target);
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    return target;
  } catch (error) {
    logStep(`temporal UI: not built (${String(error.message).split("\n")[0]}); cluster mode runs without it`);
    return null;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The module's folder in Go's module cache (where the schema and sample configs are), or null. */
function moduleDir(go) {
  const cache = captureOutput(go, ["env", "GOMODCACHE"]);
  return cache ? path.join(cache, `${MODULE}@v${TEMPORAL_SERVER_VERSION}`) : null;
}

/**
 * Returns { server, sqlTool, schemaDir }. The version is part of the check: binaries of another
 * version are rebuilt, since the schema in the cache must match the server that uses it.
 */
export async function ensureTemporalServer(repoRoot) {
  const binDir = path.join(repoRoot, ".tools", "bin");
  const go = findGo();
  if (!go) {
    throw new BootstrapError(
      "cluster mode builds the Temporal server from source and needs Go (https://go.dev/dl/) on PATH.",
    );
  }
  const stamp = path.join(binDir, `temporal-server-${TEMPORAL_SERVER_VERSION}.built`);
  const targets = BINARIES.map(({ name }) => path.join(binDir, name));
  let schemaDir = schemaFolder(go);
  if (!targets.every(existsSync) || !existsSync(stamp) || !schemaDir) {
    mkdirSync(binDir, { recursive: true });
    logStep(`temporal server: building v${TEMPORAL_SERVER_VERSION} with go install (a few minutes, once)…`);
    const started = Date.now();
    // Build into a scratch folder and rename, so an interrupted build never leaves half a binary.
    const scratch = mkdtempSync(path.join(binDir, ".go-build-"));
    try {
      await runCommand(go, ["install", ...BINARIES.map(({ pkg }) => `${pkg}@v${TEMPORAL_SERVER_VERSION}`)], {
        env: { ...process.env, GOBIN: scratch, CGO_ENABLED: "0" },
        timeoutMs: 30 * 60_000,
      });
      for (const { name, built } of BINARIES) renameSync(path.join(scratch, built), path.join(binDir, name));
    } catch (error) {
      throw new BootstrapError(`building the Temporal server failed: ${error.message}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    logStep(`temporal server: built in ${Math.round((Date.now() - started) / 1000)} s (.tools/bin/temporal-server)`);
    schemaDir = schemaFolder(go);
    if (!schemaDir) throw new BootstrapError(`the Temporal schema is not in Go's module cache after the build`);
  } else {
    logStep(`temporal server: v${TEMPORAL_SERVER_VERSION} (.tools/bin/temporal-server)`);
  }
  return { server: targets[0], sqlTool: targets[1], schemaDir };
}

function schemaFolder(go) {
  const dir = moduleDir(go);
  const schema = dir && path.join(dir, "schema", "postgresql", "v12");
  return schema && existsSync(path.join(schema, "temporal", "versioned")) ? schema : null;
}
