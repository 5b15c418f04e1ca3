// Republish with "move to the new version": the run's side of a migration (MIGRATE_RUN_PATCH).
// The signal only records the request; waits and deferred sends treat it like an end request
// (they stop early), and the loop acts on it between steps (journey-run.ts): it looks up the
// step the run is on in the mapping and continues-as-new on the new plan at the mapped step,
// ends the run, or — no mapping for this step — leaves it on its version. Each outcome is a
// step in the run's log and settles the run's migration item (activities/run-migration.ts).
import { continueAsNew, patched, proxyLocalActivities, setHandler } from "@temporalio/workflow";
import type { Activities } from "@mailstream/activities";
import {
  migrateRunSignal,
  type JourneyRunInput,
  type MigrateRun,
  type RunResumeState,
} from "@mailstream/temporal-contracts";
import { MIGRATE_RUN_PATCH } from "./patches";
import { LOCAL_READ_WRITE_OPTIONS } from "./steps/activity-options";

const { settleRunMigration } = proxyLocalActivities<Activities>(LOCAL_READ_WRITE_OPTIONS);

export const MIGRATION_STEP_KIND = "migration";
export const ENDED_BY_MIGRATION = "ended by republish";

/** What the loop lends the migration when it acts. */
export interface MigrationContext {
  /** The interpreter state to carry into the next execution, resuming at `stepId`. */
  resumeAt(stepId: string): RunResumeState;
  record(nodeId: string, kind: string, outcome: string, detail?: Record<string, unknown>): Promise<boolean>;
}

/** Where the loop goes after acting: the run moved (never returns), ended, was deleted, or stays. */
export type MigrationOutcome = "ended" | "run-gone" | "stayed";

export interface RunMigration {
  isRequested(): boolean;
  apply(stepId: string, context: MigrationContext): Promise<MigrationOutcome>;
}

export function handleRunMigration(input: JourneyRunInput): RunMigration {
  let pending: MigrateRun | null = null;
  /** Migrations this execution acted on: a re-sent signal (a resumed page) must not stop a wait again. */
  const handled = new Set<string>();
  setHandler(migrateRunSignal, (request) => {
    // Already on that version (a re-sent signal after the move), acted on, or a request in hand: nothing to do.
    if (pending !== null || handled.has(request.migrationId) || request.versionId === input.versionId) return;
    // Asked only when a request arrives, so runs never migrated carry no marker.
    if (!patched(MIGRATE_RUN_PATCH)) return;
    pending = request;
  });

  async function apply(stepId: string, context: MigrationContext): Promise<MigrationOutcome> {
    const request = pending as MigrateRun;
    pending = null;
    const { migrationId, versionId } = request;
    handled.add(migrationId);
    const target = request.mapping[stepId];
    const stay = async (detail: string) => {
      await settleRunMigration({ migrationId, runId: input.runId, status: "stayed", detail });
      return "stayed" as const;
    };
    if (!target) return stay(`step "${stepId}" has no mapping; the run finishes on its version`);
    if ("end" in target) {
      const detail = { migrationId, versionId };
      if (!(await context.record(stepId, MIGRATION_STEP_KIND, "ended", detail))) return "run-gone";
      await settleRunMigration({ migrationId, runId: input.runId, status: "ended", detail: `ended at "${stepId}"` });
      return "ended";
    }
    if (!request.plan.steps[target.to]) return stay(`the new version has no step "${target.to}"`);
    const detail = { migrationId, versionId, toStepId: target.to };
    if (!(await context.record(stepId, MIGRATION_STEP_KIND, "moved", detail))) return "run-gone";
    await settleRunMigration({
      migrationId,
      runId: input.runId,
      status: "moved",
      detail: `"${stepId}" → "${target.to}"`,
      moveTo: { versionId, stepId: target.to },
    });
    return continueAsNew<(next: JourneyRunInput) => Promise<unknown>>({
      ...input,
      versionId,
      plan: request.plan,
      resume: context.resumeAt(target.to),
    });
  }

  return { isRequested: () => pending !== null, apply };
}
