// The funnel's stages: entries, then each email step's sends, then the goal. Entries count
// runs and sends count messages handed to the transport (docs/metrics-and-experiments.md,
// "Definitions"), so the funnel, the email table and the journeys list show the same numbers;
// a skipped email step reaches the step without being a send.
import type { FlowMetrics } from "./metrics-types";
import type { NodeRow } from "./node-rows";

export interface FunnelStage {
  id: string;
  label: string;
  /** Runs (entry), messages (email steps) or runs that reached the goal. */
  value: number;
  /** Different contacts behind `value`, when known and different from it. */
  contacts: number | null;
}

export interface ReachCounts {
  contactsEntered: number;
  recipientsByNode: Record<string, number>;
}

function distinctOrNull(contacts: number | undefined, value: number): number | null {
  return contacts === undefined || contacts === value ? null : contacts;
}

export function funnelStages(
  rows: readonly NodeRow[],
  flow: Pick<FlowMetrics, "entered" | "sentByNode" | "converted"> | undefined,
  reach: ReachCounts | undefined,
): FunnelStage[] {
  const entered = flow?.entered ?? 0;
  return [
    { id: "entered", label: "Entered", value: entered, contacts: distinctOrNull(reach?.contactsEntered, entered) },
    ...rows
      .filter((row) => row.kind === "email")
      .map((row) => {
        const sent = flow?.sentByNode[row.id] ?? 0;
        return {
          id: row.id,
          label: row.label,
          value: sent,
          contacts: distinctOrNull(reach?.recipientsByNode[row.id], sent),
        };
      }),
    { id: "converted", label: "Reached the goal", value: flow?.converted ?? 0, contacts: null },
  ];
}
