// For tests outside this package (the SDK's tRPC client, the CLI): the real app router served
// over node:http at /api/trpc on a free 127.0.0.1 port, over the test database, with a fresh
// workspace and its keys; with `temporal` (a test file's workers) test runs work too.
import type { AddressInfo } from "node:net";
import type { Client } from "@temporalio/client";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { createDb } from "@mailstream/db/client";
import { findRecentEvents, type EventRow } from "@mailstream/db/queries/events";
import { appRouter } from "@mailstream/api";
import { createWorkspaceWithKeys } from "./workspace-fixtures";
import { createContextFactory } from "@mailstream/api/trpc";

export interface TrpcTestServer {
  url: string;
  workspaceId: string;
  writeKey: string;
  secretKey: string;
  storedEvents(): Promise<EventRow[]>;
  close(): Promise<void>;
}

export interface TrpcTestServerOptions {
  /** A test file's workers: their client and the queue test runs go to. */
  temporal?: { client: Client; journeyTaskQueue: string };
}

export async function startTrpcTestServer(
  databaseUrl: string,
  options: TrpcTestServerOptions = {},
): Promise<TrpcTestServer> {
  const { db } = createDb(databaseUrl);
  const workspace = await createWorkspaceWithKeys(db);
  const { temporal } = options;
  const contextOf = createContextFactory({
    db,
    temporal: temporal
      ? async () => temporal.client
      : () => Promise.reject(new Error("no Temporal in the tRPC test server")),
    journeyTaskQueue: temporal?.journeyTaskQueue,
  });
  const server = createHTTPServer({
    basePath: "/api/trpc/",
    router: appRouter,
    createContext: ({ req }) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      return contextOf({ headers });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ...workspace,
    storedEvents: () => findRecentEvents(db, workspace.workspaceId, { limit: 10_000 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
