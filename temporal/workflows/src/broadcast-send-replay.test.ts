// The guard for changes to broadcastSend: recorded histories must replay on the current workflow
// code; a change to its commands goes behind `patched()` (patches.ts). `broadcast-send-throttle-v1.json`
// (two pages under an hourly throttle, paused and resumed between them) is recorded by
// broadcast-send.test.ts when absent.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "@temporalio/worker";
import { beforeAll, expect, it } from "vitest";
import { installQuietRuntime } from "@mailstream/testing/temporal-workers";
import { testEnv } from "@mailstream/testing/test-env";

const HISTORIES = ["broadcast-send-throttle-v1.json"].map((name) =>
  fileURLToPath(new URL(`./histories/${name}`, import.meta.url)),
);

beforeAll(() => installQuietRuntime());

it.each(HISTORIES)("replays %s on the current workflow code", async (file) => {
  expect(existsSync(file), `${file} is missing: run broadcast-send.test.ts once to record it`).toBe(true);
  const history: unknown = JSON.parse(readFileSync(file, "utf8"));
  await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history);
});
