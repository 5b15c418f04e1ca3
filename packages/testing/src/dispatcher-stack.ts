// The shared test stack as dispatcher-level tests use it: the database, a Temporal client opened
// before the file's tests and closed after them, a silent log, and a loop that dispatches one
// workspace's events until none is left. Call `useDispatcherStack()` at a test file's top level.
import { createDb, type Db } from "@mailstream/db/client";
import { testEnv } from "./test-env";
import { Client, Connection } from "@temporalio/client";
import { afterAll, beforeAll } from "vitest";
import { dispatchBatch } from "@mailstream/core/dispatch/dispatch-batch";

export const quietLog = { error: () => {}, warn: () => {}, info: () => {} };

export interface DispatcherStack {
  db: Db;
  /** Connected in the file's beforeAll: read it inside tests, not at import time. */
  readonly temporal: Client;
  quiet: typeof quietLog;
  /** Dispatches the workspace's undispatched events round after round until a round claims none. */
  dispatchAll(workspaceId: string): Promise<void>;
}

export function useDispatcherStack(): DispatcherStack {
  const { db } = createDb(testEnv().databaseUrl);
  let connection: Connection | undefined;
  let client: Client | undefined;
  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv().temporalAddress });
    client = new Client({ connection, namespace: "default" });
  });
  afterAll(async () => connection?.close());
  const stack: DispatcherStack = {
    db,
    get temporal(): Client {
      if (!client) throw new Error("the Temporal client connects in beforeAll: use it inside a test");
      return client;
    },
    quiet: quietLog,
    async dispatchAll(workspaceId: string) {
      for (;;) {
        const result = await dispatchBatch({ db, temporal: stack.temporal, workspaceIds: [workspaceId], log: quietLog });
        if (result.error) throw result.error;
        if (result.claimed === 0) return;
      }
    },
  };
  return stack;
}
