// A journey send's message row references its run, journey, contact and template. When one of
// them is deleted while the send runs (a contact's erasure, a journey's or template's deletion),
// the insert fails on that foreign key, and retrying cannot bring the row back: without this the
// retry policy replayed the whole send ~20 times over an hour. The failure is non-retryable and
// says what went; the email step then finds its run gone (state.record) and the workflow ends.
import { ApplicationFailure } from "@temporalio/activity";
import { sqlStateOf } from "@mailstream/core/errors/is-unavailable";

/** The run (or the journey or contact it belonged to) was deleted during the send: nothing was sent. */
export const RUN_DELETED_ERROR = "RunDeletedError";

const FOREIGN_KEY_VIOLATION = "23503";

/** What each of the message's foreign keys points at (drizzle's constraint names, migrations). */
const OWNER_BY_CONSTRAINT: Record<string, string> = {
  messages_run_id_journey_runs_id_fk: "run",
  messages_journey_id_journeys_id_fk: "journey",
  messages_contact_id_contacts_id_fk: "contact",
  messages_workspace_id_workspaces_id_fk: "workspace",
  messages_template_id_templates_id_fk: "template",
};

function constraintOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const constraint = (e as { constraint?: unknown }).constraint;
    if (typeof constraint === "string") return constraint;
  }
  return null;
}

/**
 * The non-retryable failure for a message insert refused because a row it references is gone,
 * or null for any other error (those keep the retry policy). A deleted template fails the send
 * with `permanentType` (the run goes on); anything else means the run itself went.
 */
export function deletedOwnerFailure(
  error: unknown,
  send: { runId: string; templateId: string },
  permanentType: string,
): ApplicationFailure | null {
  if (sqlStateOf(error) !== FOREIGN_KEY_VIOLATION) return null;
  const owner = OWNER_BY_CONSTRAINT[constraintOf(error) ?? ""] ?? "row it belongs to";
  if (owner === "template")
    return ApplicationFailure.create({
      type: permanentType,
      message: `template ${send.templateId} was deleted while its email was being sent; nothing was sent`,
      nonRetryable: true,
    });
  return ApplicationFailure.create({
    type: RUN_DELETED_ERROR,
    message: `run ${send.runId} was deleted (its ${owner} is gone) while its email was being sent; nothing was sent`,
    nonRetryable: true,
  });
}
