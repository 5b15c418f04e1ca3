// For tests outside this package (the SDK, which may not import the database): a real
// ingest server on a free 127.0.0.1 port over the test database, a fresh workspace with
// its keys, and a reader of what got stored.
import { createDb } from "@mailstream/db/client";
import { findRecentEvents, type EventRow } from "@mailstream/db/queries/events";
import { createWorkspaceWithKeys } from "./workspace-fixtures";
import { startIngestServer } from "@mailstream/api/http/ingest-node-server";

export interface IngestTestServer {
  url: string;
  workspaceId: string;
  writeKey: string;
  secretKey: string;
  /** Stored events of the workspace, newest first. */
  storedEvents(): Promise<EventRow[]>;
  close(): Promise<void>;
}

export async function startIngestTestServer(databaseUrl: string): Promise<IngestTestServer> {
  const { db } = createDb(databaseUrl);
  const workspace = await createWorkspaceWithKeys(db);
  const server = await startIngestServer(db);
  return {
    url: server.url,
    ...workspace,
    storedEvents: () => findRecentEvents(db, workspace.workspaceId, { limit: 10_000 }),
    close: () => server.close(),
  };
}
