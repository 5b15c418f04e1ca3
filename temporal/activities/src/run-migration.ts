// The run's report on a republish migration (workflows/migrate-run.ts): settles its item and,
// for a moved run, points the run row at the new version and step in the same transaction.
// Idempotent: only a pending item settles, so a retried activity changes nothing.
import type { Db } from "@mailstream/db/client";
import { settleRunMigrationItem } from "@mailstream/db/queries/run-migrations";

export interface SettleRunMigrationInput {
  migrationId: string;
  runId: string;
  status: "moved" | "ended" | "stayed";
  detail: string;
  moveTo?: { versionId: string; stepId: string };
}

export function createRunMigrationActivity(db: Db) {
  return async function settleRunMigration(input: SettleRunMigrationInput): Promise<void> {
    await settleRunMigrationItem(db, input);
  };
}
