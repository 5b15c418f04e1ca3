// Delivers a tracked event to the contact's runs that listen for it: runs whose plan waits
// for the event ("wait until event"; the run may still be on an earlier step), names it as
// the journey goal, or as an exit criterion. They get `eventReceived`; the workflow decides
// whether it counts (time, filters, entry key) and drops duplicates by event id, so a
// redelivered event (dispatch retry) is harmless.
//
// Cost: which plans listen for which event names is decided once per batch
// (`groupListeners`, over the versions the round's definitions read returned); an event no plan listens for
// costs nothing, and one that some plan listens for costs one indexed lookup of the
// contact's active runs on those versions.
import { WorkflowNotFoundError, type Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import type { EventRow } from "@mailstream/db/queries/events";
import { findActiveRunsOfContact } from "@mailstream/db/queries/journeys-live";
import { waitedEventNames, type Plan } from "@mailstream/journey/plan";
import { eventReceivedSignal } from "@mailstream/temporal-contracts";

/** Event name → ids of the versions whose plan listens for it. */
export type EventListeners = ReadonlyMap<string, readonly string[]>;

/** Event names a run of this plan wants to hear about: until-event waits, the goal, exit criteria. */
export function listenedEventNames(plan: Plan): string[] {
  const names = new Set(waitedEventNames(plan));
  if (plan.settings?.goal) names.add(plan.settings.goal.event);
  for (const criterion of plan.settings?.exitCriteria ?? []) names.add(criterion.event);
  return [...names];
}

/** Event name → the versions listening for it, of `versions` (those whose plan listens for one of `eventNames`). */
export function groupListeners(
  versions: readonly { versionId: string; plan: Plan }[],
  eventNames: readonly string[],
): EventListeners {
  const wanted = new Set(eventNames);
  const listeners = new Map<string, string[]>();
  for (const { versionId, plan } of versions) {
    for (const name of listenedEventNames(plan)) {
      if (!wanted.has(name)) continue;
      const versions = listeners.get(name);
      if (versions) versions.push(versionId);
      else listeners.set(name, [versionId]);
    }
  }
  return listeners;
}

/** Returns how many runs were signalled. Throws on Temporal trouble so the event is retried. */
export async function signalListeningRuns(
  options: { db: Db; temporal: Client },
  listeners: EventListeners,
  event: EventRow,
  contactId: string,
): Promise<number> {
  if (event.type !== "track" || !event.event) return 0;
  const versionIds = listeners.get(event.event);
  if (!versionIds) return 0;
  const runs = await findActiveRunsOfContact(options.db, contactId, versionIds);
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
