// The shared test stack as dispatcher-level tests use it, as a vitest fixture: the database, a
// Temporal client opened once per test file (on first use) and closed after the file's tests, a
// silent log, and a loop that dispatches one workspace's events until none is left.
//   import { dispatcherTest } from "@mailstream/testing/dispatcher-stack";
//   dispatcherTest("…", async ({ stack }) => { await stack.dispatchAll(workspaceId); });
import { createDb, type Db } from "@mailstream/db/client";
import { testEnv } from "./test-env";
import { Client, Connection } from "@temporalio/client";
import { test as base } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";
import { silentLogger } from "@mailstream/log";

/** Dispatch tests provoke failures on purpose; their log lines would be noise. */
export const quietLog = silentLogger;

export interface DispatcherStack {
  db: Db;
  temporal: Client;
  quiet: typeof quietLog;
  /** Dispatches the workspace's undispatched events round after round until a round claims none. */
  dispatchAll(workspaceId: string): Promise<void>;
}

/** `stack`: the database, a file-scoped Temporal client on the default namespace, `quiet`, `dispatchAll`. */
export const dispatcherTest = base.extend<{ $file: { stack: DispatcherStack } }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const { db } = createDb(testEnv().databaseUrl);
      const connection = await Connection.connect({ address: testEnv().temporalAddress });
      const temporal = new Client({ connection, namespace: "default" });
      const stack: DispatcherStack = {
        db,
        temporal,
        quiet: quietLog,
        async dispatchAll(workspaceId: string) {
          for (;;) {
            const result = await dispatchBatch({ db, temporal, workspaceIds: [workspaceId], log: quietLog });
            if (result.error) throw result.error;
            if (result.claimed === 0) return;
          }
        },
      };
      try {
        await use(stack);
      } finally {
        await connection.close();
      }
    },
    { scope: "file" },
  ],
});
