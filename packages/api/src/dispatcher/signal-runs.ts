// Delivers a tracked event to the contact's runs that wait for it ("wait until event"):
// finds active runs whose plan has an until-event wait on this event name (the run may still be on
// an earlier step) and signals `eventReceived`. The workflow decides whether it counts (time, filters)
// and drops duplicates by event id, so a redelivered event (dispatch retry) is harmless.
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findRunsWaitingForEvent } from "@mailstream/db/queries/conditions";
import type { EventRow } from "@mailstream/db/queries/events";
import { eventReceivedSignal } from "@mailstream/temporal/contracts";

/** Returns how many runs were signalled. Throws on Temporal trouble so the event is retried. */
export async function signalWaitingRuns(options: { db: Db; temporal: Client }, event: EventRow, contactId: string): Promise<number> {
  if (event.type !== "track" || !event.event) return 0;
  const runs = await findRunsWaitingForEvent(options.db, contactId, event.event);
  let signalled = 0;
  for (const run of runs) {
    try {
      await options.temporal.workflow.getHandle(run.workflowId).signal(eventReceivedSignal, {
        eventId: event.id,
        event: event.event,
        properties: event.properties,
        timestamp: event.timestamp.toISOString(),
      });
      signalled++;
    } catch (error) {
      // The run finished (or was deleted) between the lookup and the signal: nothing to wake.
      if (error instanceof WorkflowNotFoundError) continue;
      throw error;
    }
  }
  return signalled;
}
