// The catalogue loop's pass: reads events past the watermark in one bounded batch and folds
// their names, paths and values into each workspace's catalogue under the caps and the
// personal-data rule (catalogue-rules.ts). Off the ingest path: ingest never waits for it.
// One transaction per batch (rows and watermark move together, so a crash repeats the batch
// and nothing is counted twice), under the lock erasure takes too.
import type { Db, Tx } from "@mailstream/db/client";
import {
  deleteCatalogueEntries,
  findCatalogueEventBatch,
  findCatalogueWatermark,
  findErasedThrough,
  findWorkspaceCatalogue,
  lockCatalogue,
  saveCatalogueWatermark,
  upsertCatalogueEntries,
  type CatalogueEntry,
  type CatalogueEvent,
  type CatalogueKey,
  type CatalogueKind,
} from "@mailstream/db/queries/catalogue";
import { hashIdentity } from "@mailstream/db/queries/erasure-tombstones";
import { CATALOGUE_LIMITS, catalogueValue, flattenPaths, isPersonalPath } from "./catalogue-rules";

interface Observation {
  key: CatalogueKey;
  count: number;
  contributors: Set<string>;
}

const keyOf = (k: CatalogueKey) => JSON.stringify([k.kind, k.event, k.path, k.value]);
/** The row a key hangs under (a path's event, a value's path), which must be kept before it. */
function parentOf(k: CatalogueKey): string | null {
  switch (k.kind) {
    case "event":
    case "trait":
      return null;
    case "event_path":
      return keyOf({ kind: "event", event: k.event, path: "", value: "" });
    case "event_value":
      return keyOf({ kind: "event_path", event: k.event, path: k.path, value: "" });
    case "trait_value":
      return keyOf({ kind: "trait", event: "", path: k.path, value: "" });
  }
}
/** The group whose size a cap limits: all event names, an event's paths, a path's values. */
function capGroupOf(k: CatalogueKey): { group: string; cap: number } {
  switch (k.kind) {
    case "event":
      return { group: "event", cap: CATALOGUE_LIMITS.eventNames };
    case "trait":
      return { group: "trait", cap: CATALOGUE_LIMITS.traits };
    case "event_path":
      return { group: `path:${k.event}`, cap: CATALOGUE_LIMITS.pathsPerEvent };
    case "event_value":
    case "trait_value":
      return { group: `value:${k.kind}:${k.event}:${k.path}`, cap: CATALOGUE_LIMITS.valuesPerPath };
  }
}
// Parents before children, so a new event's paths find their event admitted.
const KIND_ORDER: Record<CatalogueKind, number> = { event: 0, trait: 1, event_path: 2, event_value: 3, trait_value: 4 };

/** Traits travel on identify and on tracks/pages that carry them; a group's traits are the group's. */
const TRAIT_TYPES = new Set<CatalogueEvent["type"]>(["identify", "track", "page", "screen"]);

function observeEvent(event: CatalogueEvent, contributor: string | null, into: Map<string, Observation>): void {
  const seen = new Set<string>(); // each key counts once per event
  const observe = (key: CatalogueKey, withContributor: boolean) => {
    const id = keyOf(key);
    if (seen.has(id)) return;
    seen.add(id);
    const current = into.get(id) ?? { key, count: 0, contributors: new Set<string>() };
    current.count += 1;
    if (withContributor && contributor !== null) current.contributors.add(contributor);
    into.set(id, current);
  };
  const observeValues = (kind: "event_value" | "trait_value", name: string, path: string, value: unknown) => {
    if (isPersonalPath(path)) return;
    const text = catalogueValue(value);
    if (text !== null) observe({ kind, event: name, path, value: text }, true);
  };
  if (event.type === "track" && event.event) {
    const name = event.event;
    observe({ kind: "event", event: name, path: "", value: "" }, false);
    for (const { path, value } of flattenPaths(event.properties, "properties")) {
      observe({ kind: "event_path", event: name, path, value: "" }, false);
      observeValues("event_value", name, path, value);
    }
  }
  if (TRAIT_TYPES.has(event.type)) {
    for (const { path, value } of flattenPaths(event.traits, "")) {
      observe({ kind: "trait", event: "", path, value: "" }, false);
      observeValues("trait_value", "", path, value);
    }
  }
}

/** The identity an event speaks for, hashed as erasure tombstones hash it. */
function contributorOf(event: CatalogueEvent): string | null {
  if (event.userId) return hashIdentity(event.workspaceId, "u", event.userId);
  if (event.anonymousId) return hashIdentity(event.workspaceId, "a", event.anonymousId);
  return null;
}

async function withoutErased(tx: Tx, workspaceId: string, batch: readonly CatalogueEvent[]) {
  const hashesOf = (e: CatalogueEvent) => [
    ...(e.userId ? [hashIdentity(workspaceId, "u", e.userId)] : []),
    ...(e.anonymousId ? [hashIdentity(workspaceId, "a", e.anonymousId)] : []),
  ];
  const erased = await findErasedThrough(tx, workspaceId, [...new Set(batch.flatMap(hashesOf))]);
  // An event at or before its identity's erasure is the erased person's data; a later one is new data.
  return batch.filter((e) => !hashesOf(e).some((h) => (erased.get(h) ?? -1) >= e.seq));
}

async function foldWorkspace(tx: Tx, workspaceId: string, batch: readonly CatalogueEvent[], now: Date) {
  const observations = new Map<string, Observation>();
  for (const event of await withoutErased(tx, workspaceId, batch))
    observeEvent(event, contributorOf(event), observations);

  const entries = new Map<string, CatalogueEntry>();
  const stale: CatalogueKey[] = [];
  const cutoff = now.getTime() - CATALOGUE_LIMITS.retentionDays * 86_400_000;
  for (const entry of await findWorkspaceCatalogue(tx, workspaceId)) {
    if (entry.lastSeenAt.getTime() < cutoff) stale.push(entry);
    else entries.set(keyOf(entry), entry);
  }
  const groupSizes = new Map<string, number>();
  for (const entry of entries.values()) {
    const { group } = capGroupOf(entry);
    groupSizes.set(group, (groupSizes.get(group) ?? 0) + 1);
  }

  const changed: CatalogueEntry[] = [];
  const ordered = [...observations.entries()].sort(
    ([, a], [, b]) => KIND_ORDER[a.key.kind] - KIND_ORDER[b.key.kind] || b.count - a.count,
  );
  for (const [id, obs] of ordered) {
    const existing = entries.get(id);
    if (existing) {
      const contributors = [...new Set([...existing.contributors, ...obs.contributors])];
      const updated = {
        ...existing,
        seenCount: existing.seenCount + obs.count,
        lastSeenAt: now,
        contributors: contributors.slice(0, CATALOGUE_LIMITS.keptContributors),
      };
      entries.set(id, updated);
      changed.push(updated);
      continue;
    }
    const parent = parentOf(obs.key);
    if (parent !== null && !entries.has(parent)) continue;
    const { group, cap } = capGroupOf(obs.key);
    if ((groupSizes.get(group) ?? 0) >= cap || entries.size >= CATALOGUE_LIMITS.totalPerWorkspace) continue;
    const created: CatalogueEntry = {
      workspaceId,
      ...obs.key,
      seenCount: obs.count,
      lastSeenAt: now,
      contributors: [...obs.contributors].slice(0, CATALOGUE_LIMITS.keptContributors),
    };
    entries.set(id, created);
    groupSizes.set(group, (groupSizes.get(group) ?? 0) + 1);
    changed.push(created);
  }
  await deleteCatalogueEntries(tx, workspaceId, stale);
  await upsertCatalogueEntries(tx, changed);
}

export interface CataloguePass {
  /** Events read in this batch (0 = the catalogue has caught up). */
  events: number;
  lastSeq: number;
}

/** One batch of at most `batchSize` events past the watermark, folded in and the watermark moved. */
export async function refreshCatalogue(
  db: Db,
  options: { batchSize?: number; now?: Date } = {},
): Promise<CataloguePass> {
  const batchSize = options.batchSize ?? 500;
  return db.transaction(async (tx) => {
    await lockCatalogue(tx);
    const afterSeq = await findCatalogueWatermark(tx);
    const batch = await findCatalogueEventBatch(tx, afterSeq, batchSize);
    const last = batch.at(-1);
    if (!last) return { events: 0, lastSeq: afterSeq };
    const now = options.now ?? new Date();
    const byWorkspace = new Map<string, CatalogueEvent[]>();
    for (const event of batch) {
      const list = byWorkspace.get(event.workspaceId) ?? [];
      list.push(event);
      byWorkspace.set(event.workspaceId, list);
    }
    for (const [workspaceId, events] of byWorkspace) await foldWorkspace(tx, workspaceId, events, now);
    await saveCatalogueWatermark(tx, last.seq);
    return { events: batch.length, lastSeq: last.seq };
  });
}

/** The loop's tick: batches until caught up, at most `maxBatches` so one tick stays short. */
export async function catchUpCatalogue(db: Db, options: { batchSize?: number; maxBatches?: number } = {}) {
  let events = 0;
  for (let i = 0; i < (options.maxBatches ?? 10); i++) {
    const pass = await refreshCatalogue(db, options);
    events += pass.events;
    if (pass.events < (options.batchSize ?? 500)) break;
  }
  return { events };
}
