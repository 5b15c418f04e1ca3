// One patch marker per run (RUN_LEAN_V2_PATCH, run-patches.ts): a run started on this code records
// only `run-lean-v2` and still takes every path the patches before it opened (the email step and
// the exit written by the send). Its history is `histories/journey-run-lean-v2.json` (written here
// when absent); the histories recorded before it — one marker per patch, or none — replay on the
// same code in journey-run-replay.test.ts.
import { describe, expect } from "vitest";
import { temporalWorkersTest } from "@mailstream/testing/temporal-workers";
import { runEmailThenExit } from "./email-run-fixtures";
import { RUN_LEAN_V2_PATCH } from "./patches";

describe("one patch marker per journey run (RUN_LEAN_V2_PATCH)", () => {
  temporalWorkersTest(
    "trigger → email → exit records the run-lean-v2 marker alone and the send still writes the email and the exit",
    async ({ workers }) => {
      const { run, localActivities } = await runEmailThenExit(workers, ["journey-run-lean-v2.json"]);
      // The entry only (the fixture's run does not come from the dispatcher): LEAN_SEND_PATCH and
      // WORKER_LEAN_PATCH apply, with no marker of their own.
      expect(localActivities).toBe(1);
      const history = await workers.client.workflow.getHandle(run.workflowId).fetchHistory();
      const patchIds = (history.events ?? []).flatMap((event) => {
        const marker = event.markerRecordedEventAttributes;
        if (marker?.markerName !== "core_patch") return [];
        const data = marker.details?.["patch-data"]?.payloads?.[0]?.data;
        return data ? [(JSON.parse(Buffer.from(data).toString("utf8")) as { id: string }).id] : ["?"];
      });
      expect(patchIds).toEqual([RUN_LEAN_V2_PATCH]);
      // The SDK upserts TemporalChangeVersion with each new patch: one visibility write, not three.
      const upserts = (history.events ?? []).filter((event) => event.upsertWorkflowSearchAttributesEventAttributes);
      expect(upserts).toHaveLength(1);
    },
  );
});
