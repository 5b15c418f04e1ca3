// One dispatch round: claim a batch of undispatched events, apply each to its contact,
// start the runs it triggers, and mark the events dispatched.
//
// Crash safety. The claim transaction only holds the row locks (FOR UPDATE SKIP LOCKED)
// and, at the end, sets `dispatched_at`. Everything an event causes is written on other
// pooled connections and committed immediately, in this order: contact upsert → run row
// → workflow start. So:
// - the run row (and its contact) is committed before the workflow exists, and therefore
//   before any activity of the workflow looks it up;
// - if the process dies anywhere before the claim commits, the event is still undispatched
//   and is processed again: the contact upsert is a replay of the same data, the run insert
//   hits ON CONFLICT (workflow_id) and returns the first row, and the start hits the
//   business-key workflow id (AlreadyStarted counts as success). One event → one run, ever.
// - if a start fails (Temporal down), the events already done are marked dispatched, the
//   rest of the batch is left for the next round, and the caller backs off.
// Fairness: each workspace with a backlog gets a share of the batch (claimUndispatchedEvents),
// so one workspace's flood does not delay another's events by more than a round.
// Ordering: each workspace's part of the batch is its oldest events in `seq` order, split into lanes of linked identities
// (lanes.ts); each lane's events run one after another in `seq` order (a later event of a
// contact is never applied while an earlier one failed), while different lanes proceed
// concurrently — one slow Temporal round trip does not hold up everybody else's events.
// Poison events: a failure that is not an outage (poison.ts) is recorded on the event and
// does not stop the round; after MAX_DISPATCH_ATTEMPTS the event is parked and its
// contact's later events proceed.
import type { Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import {
  ensureAnonymousContact,
  ensureContact,
  findAnonymousOwners,
  mergeAnonymousContact,
  upsertContactFromIdentify,
} from "@mailstream/db/queries/contacts";
import {
  assignUserIds,
  claimUndispatchedEvents,
  markEventsDispatched,
  recordDispatchFailures,
  type EventRow,
} from "@mailstream/db/queries/events";
import type { TriggerableJourney } from "@mailstream/db/queries/journeys-live";
import type { ComputedTraitRow } from "@mailstream/db/queries/computed-traits";
import { findDispatchDefinitions } from "@mailstream/db/queries/dispatch-definitions";
import type { SegmentRecord } from "@mailstream/db/queries/segments";
import { matchesFilters } from "@mailstream/journey/filters";
import { JOURNEY_TASK_QUEUE, type JourneyRunOptions } from "@mailstream/temporal-contracts";
import { applyDispatchEffects } from "./dispatch-effects";
import { emailFromEvent, filterSubject, timezoneFromEvent } from "./event-fields";
import { reevaluateSegmentsOnEvent } from "../segments/on-event";
import { groupIntoLanes } from "./lanes";
import { describeDispatchError, isTransientDispatchError, MAX_DISPATCH_ATTEMPTS } from "./poison";
import { groupListeners, signalListeningRuns, type EventListeners } from "./signal-runs";
import { startJourneyRun } from "./start-run";
import { log, type Logger } from "@mailstream/log";

export const DEFAULT_BATCH_SIZE = 100;
/** Contacts processed at once within a batch; each holds at most one pooled connection. */
export const DEFAULT_CONCURRENCY = 8;

export interface DispatchOptions {
  db: Db;
  temporal: Client;
  batchSize?: number;
  concurrency?: number;
  /** Only claim events of these workspaces (tests use it to stay inside their own data). */
  workspaceIds?: readonly string[];
  /** Journeys task queue to start runs on (default `journeys`); tests pass their own. */
  taskQueue?: string;
  runOptions?: JourneyRunOptions;
  /** How long one workflow start may take before the round gives up (default 10 s). */
  startDeadlineMs?: number;
  /** Where failures are logged, with the event's seq and messageId (the process logger by default). */
  log?: Logger;
}

export interface BatchResult {
  claimed: number;
  dispatched: number;
  runsStarted: number;
  /** Some workspace had more waiting than its share of this round: go again at once. */
  hasMore?: boolean;
  /** Events whose failure counted against them this round, and those of them now parked. */
  failed?: number;
  parked?: number[];
  /** Set when the round stopped early; the undispatched rest is retried next round. */
  error?: unknown;
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The previousId of an alias, the anonymousId an identify links to its userId, or null. */
function linkedAnonymousId(event: EventRow): string | null {
  if (event.type === "alias") {
    const previousId = event.properties.previousId;
    return typeof previousId === "string" && previousId !== event.userId ? previousId : null;
  }
  return event.type === "identify" && event.userId && event.anonymousId ? event.anonymousId : null;
}

/**
 * Keeps the event's contact current: identity merges (alias, identify with both ids),
 * identify traits, a track's `context.traits`, anonymous contacts for anonymous-only
 * events. Returns the known contact's id when the event may trigger journeys.
 */
async function applyToContact(db: Db, event: EventRow): Promise<string | null> {
  const fields = { workspaceId: event.workspaceId, email: emailFromEvent(event), timezone: timezoneFromEvent(event) };
  const anonymousId = linkedAnonymousId(event);
  if (anonymousId && event.userId) {
    await mergeAnonymousContact(db, {
      workspaceId: event.workspaceId,
      anonymousId,
      userId: event.userId,
      messageId: event.messageId,
    });
  }
  if (event.type === "alias") return null;
  // A group's traits describe the group (company), not the person.
  const traits = event.type === "group" ? {} : event.traits;
  if (!event.userId) {
    if (event.anonymousId) await ensureAnonymousContact(db, { ...fields, anonymousId: event.anonymousId, traits });
    return null; // anonymous contacts have no address to mail yet: no journeys
  }
  if (event.type === "identify") {
    await upsertContactFromIdentify(db, { ...fields, userId: event.userId, traits });
    return null;
  }
  const contact = await ensureContact(db, { ...fields, userId: event.userId, traits });
  return event.type === "track" && event.event ? contact.id : null;
}

/** An anonymous-only event of a device a known contact owns is that contact's event. */
async function resolveAnonymousOwner(db: Db, event: EventRow): Promise<EventRow> {
  if (event.userId || !event.anonymousId) return event;
  const owner = (
    await findAnonymousOwners(db, [{ workspaceId: event.workspaceId, anonymousId: event.anonymousId }])
  ).get(`${event.workspaceId}:${event.anonymousId}`);
  return owner ? { ...event, userId: owner } : event;
}

/**
 * What a batch loads once, after the claim, and every event of it consults: definitions, not
 * state (a definition saved mid-round is applied by its own save: computed traits recompute
 * from history, segments are swept), so reading them per event bought nothing but statements.
 */
interface BatchPlans {
  journeys: TriggerableJourney[];
  listeners: EventListeners;
  segments: ReadonlyMap<string, readonly SegmentRecord[]>;
  computedTraits: readonly ComputedTraitRow[];
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Applies one event; returns how many runs it started. */
async function dispatchEvent(options: DispatchOptions, event: EventRow, plans: BatchPlans): Promise<number> {
  const { db } = options;
  const contactId = await applyToContact(db, event);
  // Before segments: their predicates read computed traits, and an erased contact has none.
  const trackDefinitions = (named: EventRow & { event: string }) =>
    plans.computedTraits.filter((trait) => trait.workspaceId === named.workspaceId && trait.eventName === named.event);
  if ((await applyDispatchEffects(db, event, trackDefinitions)).isErased) return 0; // erasure tombstones, computed traits
  // Segment membership; an entry starts segment-triggered journeys.
  await reevaluateSegmentsOnEvent(options, event, plans.segments.get(event.workspaceId) ?? []);
  if (!contactId || !event.event) return 0;
  // Wakes this contact's runs that wait for, convert on, or exit on this event.
  await signalListeningRuns(options, plans.listeners, event, contactId);
  const contact = { id: contactId };

  const name = event.event;
  const subject = filterSubject(event);
  const matching = plans.journeys.filter(
    (journey) =>
      journey.workspaceId === event.workspaceId &&
      (journey.plan.trigger.source ?? "event") === "event" &&
      journey.plan.trigger.event === name &&
      matchesFilters(subject, journey.plan.trigger.filters),
  );
  let started = 0;
  for (const journey of matching) {
    const isStarted = await startJourneyRun(
      {
        db,
        temporal: options.temporal,
        taskQueue: options.taskQueue ?? JOURNEY_TASK_QUEUE,
        runOptions: options.runOptions,
        startDeadlineMs: options.startDeadlineMs,
        log: options.log ?? log,
      },
      { event: { ...event, event: name }, contactId: contact.id, journey },
    );
    if (isStarted) started++;
  }
  return started;
}

export async function dispatchBatch(options: DispatchOptions): Promise<BatchResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  return options.db.transaction(async (tx) => {
    // A fair share per workspace with a backlog (see claimUndispatchedEvents): one flood
    // cannot hold back another workspace's events.
    const { events: batch, hasMore } = await claimUndispatchedEvents(tx, {
      limit: batchSize,
      workspaceIds: options.workspaceIds,
    });
    if (batch.length === 0) return { claimed: 0, dispatched: 0, runsStarted: 0 };

    // Live plans are read after the claim, never from a cache: every claimed event was
    // committed before this query runs, so a journey published before an event was
    // accepted is always seen. One statement per batch (findDispatchDefinitions), filtered
    // to its workspaces and event names.
    const scope = {
      workspaceIds: unique(batch.map((event) => event.workspaceId)),
      // Track events without any identity have no contact to fold into: the scope leaves them out.
      eventNames: unique(
        batch.flatMap((event) =>
          event.type === "track" && (event.userId || event.anonymousId) && event.event ? [event.event] : [],
        ),
      ),
    };
    const definitions = await findDispatchDefinitions(tx, scope);
    const plans: BatchPlans = {
      journeys: definitions.journeys,
      // Which published plans wait for / convert on / exit on these names: decided once here,
      // so an event nothing listens for never looks at runs.
      listeners: groupListeners(definitions.listeningVersions, scope.eventNames),
      segments: groupBy(definitions.segments, (segment) => segment.workspaceId),
      computedTraits: definitions.computedTraits,
    };

    // Anonymous-only events of a device a known contact absorbed are that contact's events.
    const owners = await findAnonymousOwners(
      tx,
      batch.flatMap((event) =>
        !event.userId && event.anonymousId ? [{ workspaceId: event.workspaceId, anonymousId: event.anonymousId }] : [],
      ),
    );
    const claimed = batch.map((event) => {
      const owner =
        !event.userId && event.anonymousId ? owners.get(`${event.workspaceId}:${event.anonymousId}`) : undefined;
      return owner ? { ...event, userId: owner } : event;
    });
    const queue = groupIntoLanes(claimed);
    const failures: { seq: number; messageId: string; error: string }[] = [];
    const originalUserIds = new Map(batch.map((event) => [event.seq, event.userId]));
    const assigned: { seq: number; userId: string }[] = [];
    const done: number[] = [];
    let runsStarted = 0;
    let error: unknown;
    const lanes = Array.from({ length: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY) }, async () => {
      // After a failure no new contact is started (Temporal or the database is likely down).
      for (let group = queue.shift(); group && error === undefined; group = queue.shift()) {
        // Owners were read at the claim; only a link (identify with both ids, alias) applied
        // earlier in this lane can have changed one since, so only then is it read again.
        let hasLinkedInLane = false;
        for (const claimedEvent of group) {
          try {
            const event = hasLinkedInLane ? await resolveAnonymousOwner(options.db, claimedEvent) : claimedEvent;
            // Not `runsStarted += await …`: that reads the counter before the await and
            // would drop increments made meanwhile by the other lanes.
            const started = await dispatchEvent(options, event, plans);
            runsStarted += started;
            done.push(event.seq);
            if (linkedAnonymousId(event) !== null) hasLinkedInLane = true;
            if (event.userId && !originalUserIds.get(event.seq))
              assigned.push({ seq: event.seq, userId: event.userId });
          } catch (caught) {
            // An outage stops the round (the caller backs off); an event's own failure is counted.
            if (isTransientDispatchError(caught)) error ??= caught;
            else
              failures.push({
                seq: claimedEvent.seq,
                messageId: claimedEvent.messageId,
                error: describeDispatchError(caught),
              });
            break; // this contact's later events wait for the retry, in order
          }
        }
      }
    });
    await Promise.all(lanes);
    // Anonymous events applied before an identify later in their lane linked their device:
    // the merge skipped them (this transaction holds their rows), so they are assigned here.
    const assignedSeqs = new Set(assigned.map((a) => a.seq));
    const doneSeqs = new Set(done);
    const stillAnonymous = batch.filter(
      (event) => !event.userId && event.anonymousId && doneSeqs.has(event.seq) && !assignedSeqs.has(event.seq),
    );
    const linkedSince = await findAnonymousOwners(
      tx,
      stillAnonymous.map((event) => ({ workspaceId: event.workspaceId, anonymousId: event.anonymousId! })),
    );
    for (const event of stillAnonymous) {
      const owner = linkedSince.get(`${event.workspaceId}:${event.anonymousId}`);
      if (owner) assigned.push({ seq: event.seq, userId: owner });
    }
    // Stored with the owner's userId (history merged), in the claim transaction that holds the rows.
    await assignUserIds(tx, assigned);
    await markEventsDispatched(tx, done);
    const parked = await recordDispatchFailures(tx, failures, MAX_DISPATCH_ATTEMPTS);
    for (const failure of failures) {
      const verdict = parked.includes(failure.seq)
        ? `parked after ${MAX_DISPATCH_ATTEMPTS} attempts`
        : "will be retried";
      (options.log ?? log).error(
        `event failed to dispatch, ${verdict}`,
        { seq: failure.seq, messageId: failure.messageId },
        failure.error,
      );
    }
    return {
      claimed: batch.length,
      dispatched: done.length,
      runsStarted,
      ...(hasMore ? { hasMore } : {}),
      ...(failures.length === 0 ? {} : { failed: failures.length, parked }),
      ...(error === undefined ? {} : { error }),
    };
  });
}
