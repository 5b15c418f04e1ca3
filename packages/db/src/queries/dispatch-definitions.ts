// What one dispatch round consults, in one statement: the SQL function `dispatch_definitions`
// (migration 0040) runs the four selects the round used to send one by one — triggerable
// journeys, listening versions, segments, computed traits — and returns each as a jsonb array,
// so the round pays one round trip and no planning (the function keeps its plans) for them.
// Definitions, not state: read after the claim, never cached (see dispatch-batch.ts).
import type { Plan } from "@mailstream/journey/plan";
import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import type { ComputedTraitRow } from "./computed-traits";
import type { TriggerableJourney } from "./journeys-live";
import type { SegmentRecord } from "./segments";

export interface DispatchDefinitions {
  /** Live and paused journeys of the workspaces whose trigger is one of the event names. */
  journeys: TriggerableJourney[];
  /** Versions (any status) whose plan waits for, converts on or exits on one of the names. */
  listeningVersions: { versionId: string; plan: Plan }[];
  /** Every segment of the workspaces. */
  segments: SegmentRecord[];
  /** Computed traits of the workspaces fed by one of the names. */
  computedTraits: ComputedTraitRow[];
}

type Timestamped<T> = Omit<T, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };

/** jsonb carries timestamps as ISO text; the rows' types (and drizzle's selects) have Dates. */
function withDates<T extends { createdAt: Date; updatedAt: Date }>(row: Timestamped<T>): T {
  return { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) } as T;
}

export async function findDispatchDefinitions(
  tx: Tx,
  scope: { workspaceIds: readonly string[]; eventNames: readonly string[] },
): Promise<DispatchDefinitions> {
  if (scope.workspaceIds.length === 0) return { journeys: [], listeningVersions: [], segments: [], computedTraits: [] };
  const { rows } = await tx.execute<{
    journeys: TriggerableJourney[];
    listening_versions: { versionId: string; plan: Plan }[];
    segments: Timestamped<SegmentRecord>[];
    computed_traits: Timestamped<ComputedTraitRow>[];
  }>(
    // As two array parameters (node-postgres quotes each element): any event name is safe.
    sql`select * from dispatch_definitions(${sql.param([...scope.workspaceIds])}::uuid[], ${sql.param([...scope.eventNames])}::text[])`,
  );
  const row = rows[0]!;
  return {
    journeys: row.journeys,
    listeningVersions: row.listening_versions,
    segments: row.segments.map(withDates),
    computedTraits: row.computed_traits.map(withDates),
  };
}
