// The dispatcher entry point as the supervisor runs it (`node --import tsx src/main.ts`):
// env validation, `dispatcher ready`, a real dispatch, and a clean exit on SIGTERM.
// Its own database and Temporal namespace come from the dispatcherProcessTest fixture (an unscoped
// dispatcher would claim other test files' events).
import { Client } from "@temporalio/client";
import { createDb } from "@mailstream/db/client";
import { findEventByMessageId } from "@mailstream/db/queries/events";
import { journeyRuns } from "@mailstream/db/schema";
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { ingestTrack } from "@mailstream/core/ingest/ingest";
import {
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { dispatcherProcessTest } from "@mailstream/testing/dispatcher-process";

dispatcherProcessTest.override({
  dispatcherProcessOptions: { databasePrefix: "ms_dispatcher", namespace: "mailstream-dispatcher-test" },
});

describe("dispatcher main", () => {
  dispatcherProcessTest("refuses a bad environment, naming the variable", async ({ isolated }) => {
    const { databaseUrl } = isolated;
    const dispatcher = isolated.spawn({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: "not an address" });
    expect(await dispatcher.exited).toBe(1);
    expect(dispatcher.output()).toMatch(/TEMPORAL_ADDRESS: TEMPORAL_ADDRESS must be host:port/);
  });

  dispatcherProcessTest(
    "says `dispatcher ready`, starts runs for new events, and exits 0 on SIGTERM",
    async ({ isolated }) => {
      const { databaseUrl, namespace: NAMESPACE } = isolated;
      const { db } = createDb(databaseUrl);
      const { workspaceId } = await createWorkspaceWithKeys(db);
      const templateId = await createTemplateFixture(db, workspaceId, "Welcome", "Welcome");
      const journey = await createLiveJourney(
        db,
        workspaceId,
        "Welcome",
        buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
      );

      const dispatcher = isolated.spawn(isolated.env);
      await waitFor(
        "dispatcher ready",
        async () => /^dispatcher ready$/m.test(dispatcher.output()) || dispatcher.child.exitCode !== null,
        60_000,
      );
      expect(dispatcher.output()).toMatch(/^dispatcher ready$/m);

      await ingestTrack(db, workspaceId, { userId: "main-test", event: "signed_up", messageId: "main-1" });
      const run = await waitFor("the run row", async () => {
        const [row] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.journeyId));
        return row;
      });
      const client = new Client({ connection: isolated.connection, namespace: NAMESPACE });
      const handle = client.workflow.getHandle(run.workflowId);
      try {
        // The run row is committed before the start; the event is marked once the start succeeded.
        await waitFor(
          "the event to be marked dispatched",
          async () => (await findEventByMessageId(db, workspaceId, "main-1"))?.dispatchedAt,
        );
        expect((await handle.describe()).status.name).toBe("RUNNING");
        // This namespace has no run search attributes registered: the run starts without them.
        expect(dispatcher.output()).toMatch(/Temporal does not know the run search attributes/);
      } finally {
        await handle.terminate("test finished").catch(() => {});
      }

      dispatcher.child.kill("SIGTERM");
      expect(await dispatcher.exited).toBe(0);
      expect(dispatcher.output()).toMatch(/dispatcher stopping signal=SIGTERM/);
    },
    90_000,
  );
});
