// Starts the shared test stack and bundles the workflow code once per run; test files
// find both through `testEnv()`. Environment set here is inherited by the test workers.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleWorkflowCode } from "@temporalio/worker";
import { WORKFLOWS_PATH } from "@mailstream/workflows/path";
import { startTestStack, type TestStack } from "./test-stack";

let stack: TestStack | undefined;

export async function setup(): Promise<void> {
  const [started, bundle] = await Promise.all([
    startTestStack(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  ]);
  stack = started;
  const bundlePath = path.join(mkdtempSync(path.join(os.tmpdir(), "mailstream-bundle-")), "workflows.js");
  writeFileSync(bundlePath, bundle.code);
  process.env.MAILSTREAM_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.MAILSTREAM_TEST_TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.MAILSTREAM_TEST_WORKFLOW_BUNDLE = bundlePath;
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
