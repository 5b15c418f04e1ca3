// Applies the workspace's event schemas to rows about to be stored. `reject`: any problem
// throws one IngestValidationError listing every problem (the HTTP layer answers 400 and,
// for a batch, stores nothing). `flag`: the rows are stored and their problems returned so
// the caller records them in the same transaction.
import type { Db } from "@mailstream/db/client";
import type { EventViolationInput } from "@mailstream/db/queries/event-schemas";
import type { NewEvent } from "@mailstream/db/queries/events";
import { IngestValidationError, type IngestIssue } from "./errors";
import { getWorkspaceEventSchemas } from "./event-schema-cache";
import { checkEventProperties } from "./event-schema-check";

/**
 * Returns the violations to record (flag mode) — empty when every row conforms or the
 * workspace has no schemas. `pathOf(i)` prefixes the issue paths of row i (`batch.3`).
 */
export async function enforceEventSchemas(
  db: Db,
  workspaceId: string,
  rows: readonly NewEvent[],
  pathOf: (index: number) => string = () => "",
): Promise<EventViolationInput[]> {
  const schemas = await getWorkspaceEventSchemas(db, workspaceId);
  if (schemas.byEvent.size === 0) return [];
  const violations: EventViolationInput[] = [];
  const issues: IngestIssue[] = [];
  rows.forEach((row, index) => {
    if (row.type !== "track" || !row.event) return;
    const schema = schemas.byEvent.get(row.event);
    if (!schema) return;
    const problems = checkEventProperties(schema, row.properties ?? {});
    if (problems.length === 0) return;
    violations.push({ workspaceId, messageId: row.messageId, eventName: row.event, problems });
    const prefix = pathOf(index);
    for (const problem of problems) {
      issues.push({
        path: prefix ? `${prefix}.${problem.path}` : problem.path,
        message: `event "${row.event}" breaks its schema: ${problem.path} ${problem.message}`,
      });
    }
  });
  if (schemas.mode === "reject" && issues.length > 0) throw new IngestValidationError(issues);
  return violations;
}
