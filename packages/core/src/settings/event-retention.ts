// Event retention: how many days a workspace keeps its events and message events. Absent
// (the default) keeps them forever — an upgrade never deletes anything by itself. The
// dispatcher's retention pass applies it (../retention/apply-retention.ts); metric rollups
// are separate tables and stay.
import type { Db } from "@mailstream/db/client";
import { z } from "zod";
import type { AuditContext } from "../audit/audit-context";
import { saveWorkspaceSetting } from "./save-setting";
import type { PublicSettings } from "./settings";

/** Below a month, journeys' event-history conditions and waits would lose what they read. */
export const MIN_EVENT_RETENTION_DAYS = 30;
/** Ten years: past that "keep forever" says it better. */
export const MAX_EVENT_RETENTION_DAYS = 3650;

export const ZEventRetentionSchema = z.object({
  /** null = keep forever. */
  days: z
    .number({ error: "Retention must be a number of days, or empty to keep events forever" })
    .int("Retention must be a whole number of days")
    .min(MIN_EVENT_RETENTION_DAYS, `Retention is at least ${MIN_EVENT_RETENTION_DAYS} days`)
    .max(
      MAX_EVENT_RETENTION_DAYS,
      `Retention is at most ${MAX_EVENT_RETENTION_DAYS} days (leave it empty to keep forever)`,
    )
    .nullable(),
});

export async function saveEventRetention(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  input: z.infer<typeof ZEventRetentionSchema>,
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  return saveWorkspaceSetting(
    db,
    secret,
    workspaceId,
    { field: "eventRetentionDays", value: input.days, absent: null, label: "Event retention" },
    audit,
  );
}
