// The segment schedule loop itself (runSegmentSchedule, as the dispatcher process runs it),
// against the real database: with no new event, a windowed computed count drops as its event
// ages out of the window, and the contact falls out of a time-based segment and out of a
// segment on that count.
import { randomUUID } from "node:crypto";
import { saveComputedTrait } from "@mailstream/db/queries/computed-traits";
import { findContactByUserId } from "@mailstream/db/queries/contacts";
import { findContactProfileByUserId } from "@mailstream/db/queries/contacts-read";
import { findMembershipHistory } from "@mailstream/db/queries/segment-memberships";
import type { SegmentDefinition, SegmentPredicate } from "@mailstream/journey/segment-definition";
import { testEnv } from "@mailstream/testing/test-env";
import { describe, expect } from "vitest";
import { dispatchBatch } from "../dispatch/dispatch-batch";
import { ingestTrack } from "../ingest/ingest";
import { createWorkspaceWithKeys, waitFor } from "@mailstream/testing/workspace-fixtures";
import { runSegmentSchedule } from "./schedule";
import { createSegment } from "./segments";
import type { SweepResult } from "./sweep";
import { dispatcherTest, quietLog } from "@mailstream/testing/dispatcher-stack";
import { createDb } from "@mailstream/db/client";

const { db } = createDb(testEnv().databaseUrl);
const quiet = quietLog;

const one = (p: SegmentPredicate): SegmentDefinition => ({ match: "all", groups: [{ match: "all", predicates: [p] }] });

describe("segment schedule loop", () => {
  dispatcherTest(
    "drops a windowed count and lets the contact fall out of time-based segments without any event",
    async ({ stack }) => {
      const { workspaceId } = await createWorkspaceWithKeys(db);
      // A 60 s window and a login 56 s old: counted now, out of the window in about 4 s.
      await saveComputedTrait(db, workspaceId, {
        key: "recent_logins",
        kind: "count",
        eventName: "login",
        property: null,
        filters: [],
        windowSeconds: 60,
      });
      const active = await createSegment(db, workspaceId, {
        name: "Logged in within a minute",
        definition: one({
          type: "event_count",
          event: "login",
          filters: [],
          comparison: "at_least",
          count: 1,
          within: { amount: 60, unit: "seconds" },
        }),
      });
      const counted = await createSegment(db, workspaceId, {
        name: "Has recent logins",
        definition: one({ type: "computed_trait", key: "recent_logins", op: "gt", value: 0 }),
      });
      await ingestTrack(db, workspaceId, {
        userId: "sam",
        event: "login",
        timestamp: new Date(Date.now() - 56_000).toISOString(),
        messageId: `login-${randomUUID()}`,
      });
      await dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], log: quiet });

      const contact = await findContactByUserId(db, workspaceId, "sam");
      expect((await findContactProfileByUserId(db, workspaceId, "sam"))?.computedTraits).toEqual({ recent_logins: 1 });
      expect(await findMembershipHistory(db, active.id, contact!.id)).toMatchObject([{ leftAt: null }]);
      expect(await findMembershipHistory(db, counted.id, contact!.id)).toMatchObject([{ leftAt: null }]);

      const controller = new AbortController();
      const sweeps: SweepResult[] = [];
      const loop = runSegmentSchedule({
        databaseUrl: testEnv().databaseUrl,
        temporal: stack.temporal,
        signal: controller.signal,
        intervalMs: 500,
        workspaceIds: [workspaceId],
        log: quiet,
        onSweep: (result) => sweeps.push(result),
      });
      try {
        await waitFor(
          "the contact to leave both segments",
          async () => {
            const [stay] = await findMembershipHistory(db, counted.id, contact!.id);
            const [activeStay] = await findMembershipHistory(db, active.id, contact!.id);
            return stay?.leftAt && activeStay?.leftAt;
          },
          30_000,
        );
      } finally {
        controller.abort();
        await loop;
      }
      expect((await findContactProfileByUserId(db, workspaceId, "sam"))?.computedTraits).toEqual({ recent_logins: 0 });
      expect(sweeps.length).toBeGreaterThan(1); // it kept sweeping while the login was still in the window
      expect(sweeps.reduce((left, sweep) => left + sweep.left, 0)).toBe(2);
    },
    60_000,
  );
});
