// The event schemas ingest enforces, per workspace, cached for a few seconds so a busy
// ingest path does not read them for every request. Saving through the API clears the
// workspace's entry in this process; other processes pick a change up within the TTL.
import type { Db } from "@mailstream/db/client";
import { findEventSchemaMode, findEventSchemas, type EventSchemaMode } from "@mailstream/db/queries/event-schemas";
import type { EventSchemaRules } from "./event-schema-check";

export const EVENT_SCHEMA_CACHE_TTL_MS = 5_000;

export interface WorkspaceEventSchemas {
  mode: EventSchemaMode;
  byEvent: Map<string, EventSchemaRules>;
}

// On globalThis: the web process runs ingest on its own listener (apps/web/server.ts) and the
// API under Next.js, two module graphs; a save through the API must clear the entry ingest reads.
const cacheKey = Symbol.for("mailstream.eventSchemaCache");
const cache = ((globalThis as Record<symbol, unknown>)[cacheKey] ??= new Map()) as Map<
  string,
  { at: number; value: Promise<WorkspaceEventSchemas> }
>;

async function load(db: Db, workspaceId: string): Promise<WorkspaceEventSchemas> {
  const [mode, schemas] = await Promise.all([findEventSchemaMode(db, workspaceId), findEventSchemas(db, workspaceId)]);
  return { mode, byEvent: new Map(schemas.map((s) => [s.eventName, { rules: s.rules, isStrict: s.isStrict }])) };
}

export function getWorkspaceEventSchemas(db: Db, workspaceId: string): Promise<WorkspaceEventSchemas> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < EVENT_SCHEMA_CACHE_TTL_MS) return hit.value;
  const value = load(db, workspaceId);
  cache.set(workspaceId, { at: Date.now(), value });
  value.catch(() => cache.delete(workspaceId)); // a failed read is not cached
  return value;
}

export function clearWorkspaceEventSchemas(workspaceId: string): void {
  cache.delete(workspaceId);
}
