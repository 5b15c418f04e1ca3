// broadcastSend histories recorded before a change to its commands must replay on the current
// code; the change goes behind `patched()` (BROADCAST_AB_PATCH in broadcast-send.ts).
// `histories/broadcast-send-v1.json` (a scheduled send, one page, before staggered A/B) and
// `broadcast-send-throttle-v1.json` (two pages under an hourly throttle, paused and resumed
// between them, before BROADCAST_PAGES_PATCH) and `broadcast-send-spread-v2.json` (the same
// under the patch: the throttle spread over many small calls) are recorded by
// broadcast-send.test.ts when absent; `broadcast-send-ab-winner.json` (BROADCAST_AB_PATCH:
// the sample, the checks, an early winner, the rest) by broadcast-ab.test.ts;
// `broadcast-send-unthrottled-v2.json` (no throttle, three pages, a continue-as-new every two
// calls, one call at a time: recorded on the code before BROADCAST_OVERLAP_PATCH) and
// `broadcast-send-pages-v3.json` (the same under the patch: three calls in flight, drained before
// the continue-as-new) by broadcast-pages-in-flight.test.ts.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "@temporalio/worker";
import { beforeAll, describe, it } from "vitest";
import { testEnv } from "@mailstream/testing/test-env";
import { installQuietRuntime } from "@mailstream/testing/temporal-workers";

const HISTORIES = [
  "broadcast-send-v1.json",
  "broadcast-send-throttle-v1.json",
  "broadcast-send-ab-winner.json",
  "broadcast-send-spread-v2.json",
  "broadcast-send-unthrottled-v2.json",
  "broadcast-send-pages-v3.json",
].map((name) => fileURLToPath(new URL(`./histories/${name}`, import.meta.url)));

beforeAll(() => installQuietRuntime());

describe("broadcastSend replay", () => {
  it.each(HISTORIES)("replays %s on the current workflow code", async (file) => {
    if (!existsSync(file)) throw new Error(`${file} is missing: run broadcast-send.test.ts once to record it`);
    const history: unknown = JSON.parse(readFileSync(file, "utf8"));
    await Worker.runReplayHistory({ workflowBundle: { codePath: testEnv().workflowBundlePath } }, history);
  });
});
