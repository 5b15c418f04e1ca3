// For tests outside this package (the SDK's tRPC client): the real app router served over
// node:http at /api/trpc on a free 127.0.0.1 port, over the test database, with a fresh
// workspace and its keys.
import type { AddressInfo } from "node:net";
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

export async function startTrpcTestServer(databaseUrl: string): Promise<TrpcTestServer> {
  const { db } = createDb(databaseUrl);
  const workspace = await createWorkspaceWithKeys(db);
  const contextOf = createContextFactory({
    db,
    temporal: () => Promise.reject(new Error("no Temporal in the tRPC test server")),
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
