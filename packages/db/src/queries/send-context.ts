// Everything a journey send reads before it renders, in ONE statement (for one send or a batch): the contact, the run's
// pinned journey version, the journey's name, the workspace (name, settings, variables), the
// suppressions of the candidate addresses and the email's topic with the contact's choice.
// The send path was bound by its round trips (docs/performance.md, bench:send): this replaces
// seven statements in two waves. Each part is joined on the workspace, so an id from another
// workspace reads as absent, exactly as the separate lookups did.
import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { contactSubscriptions, contacts, journeyRuns, journeys, subscriptionTopics, workspaces } from "../schema/index";
import type { WorkspaceSettings } from "../schema/index";
import type { SubscriptionTopic } from "./subscription-topics";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SendContextInput {
  workspaceId: string;
  contactId: string;
  runId: string;
  journeyId: string;
  /** The email's topic (null: none, or a transactional send that ignores topics). */
  topicId: string | null;
  /** The address the send falls back to when the contact has none (from the trigger), already picked. */
  fallbackEmail: string | null;
}

export interface SendContext {
  contact: { id: string; userId: string | null; email: string | null; traits: Record<string, unknown> } | null;
  /** The run's journey version (its template pins), null for runs without one or another workspace's run. */
  journeyVersionId: string | null;
  journeyName: string | null;
  workspace: { id: string; name: string; settings: WorkspaceSettings } | null;
  /**
   * Suppressions of the addresses looked up, by lower-cased address. `suppressionKeys` says which
   * addresses were looked up (the contact's, normalised by Postgres, and the fallback): a send to
   * any other address (JavaScript and Postgres disagree on trimming or case) looks it up again.
   */
  suppressions: Map<string, string>;
  suppressionKeys: ReadonlySet<string>;
  topic: { topic: SubscriptionTopic; isSubscribed: boolean } | null;
}

/** An untrusted id matches nothing (never a SQL cast error): it is passed as null. */
function validId(id: string | null): string | null {
  return id && UUID_PATTERN.test(id) ? id : null;
}

/**
 * The row belongs to the send's workspace. Written so that no index can serve it: each row is
 * found by its primary key (the input's id), and the workspace only checked. As a plain `=`, the
 * planner read contacts, journeys and topics through their workspace indexes — every row of the
 * workspace, then filtered by id (EXPLAIN, docs/performance.md, "Journey sends in batches").
 */
const inWorkspace = (column: AnyPgColumn) => sql`${column} is not distinct from ${workspaces.id}`;

/** One array per input column, one element per send (`unnest … with ordinality` keeps their order). */
type SendContextParams = {
  workspaceIds: (string | null)[];
  contactIds: (string | null)[];
  runIds: (string | null)[];
  journeyIds: (string | null)[];
  topicIds: (string | null)[];
  fallbacks: (string | null)[];
};

/**
 * The statement for these sends. It is planned on every call, with the inputs known, and never
 * prepared: a generic (prepared) plan cannot know how many rows the arrays hold, and on small
 * tables it chose sequential scans joined by hash (EXPLAIN, docs/performance.md, "Journey sends
 * in batches"); planned with the values, each row is read by its primary key. The plan is paid
 * once per batch. An id that is null matches nothing (`= NULL`).
 */
function buildSendContextQuery(db: Db, params: SendContextParams) {
  const param = (name: keyof SendContextParams) => sql.param(params[name]);
  const contactKey = sql`lower(btrim(${contacts.email}))`;
  const input = sql`unnest(${param("workspaceIds")}::uuid[], ${param("contactIds")}::uuid[], ${param("runIds")}::uuid[],
                           ${param("journeyIds")}::uuid[], ${param("topicIds")}::uuid[], ${param("fallbacks")}::text[])
    with ordinality as i(workspace_id, contact_id, run_id, journey_id, topic_id, fallback, ord)`;
  return db
    .select({
      ord: sql<string>`i.ord`,
      workspaceName: workspaces.name,
      settings: workspaces.settings,
      contactId: contacts.id,
      userId: contacts.userId,
      email: contacts.email,
      traits: contacts.traits,
      contactKey: sql<string | null>`${contactKey}`,
      journeyVersionId: journeyRuns.versionId,
      journeyName: journeys.name,
      topic: subscriptionTopics,
      isSubscribed: contactSubscriptions.isSubscribed,
      // Suppressions are stored lower-cased; at most two addresses are candidates.
      suppressions: sql<{ email: string; reason: string }[]>`(
        select coalesce(json_agg(json_build_object('email', s.email, 'reason', s.reason)), '[]'::json)
          from suppressions s
         where s.workspace_id = ${workspaces.id}
           and s.email in (${contactKey}, i.fallback))`,
    })
    .from(input)
    .innerJoin(workspaces, eq(workspaces.id, sql`i.workspace_id`))
    .leftJoin(contacts, and(eq(contacts.id, sql`i.contact_id`), inWorkspace(contacts.workspaceId)))
    .leftJoin(journeyRuns, and(eq(journeyRuns.id, sql`i.run_id`), inWorkspace(journeyRuns.workspaceId)))
    .leftJoin(journeys, and(eq(journeys.id, sql`i.journey_id`), inWorkspace(journeys.workspaceId)))
    .leftJoin(
      subscriptionTopics,
      and(eq(subscriptionTopics.id, sql`i.topic_id`), inWorkspace(subscriptionTopics.workspaceId)),
    )
    .leftJoin(
      contactSubscriptions,
      and(eq(contactSubscriptions.topicId, subscriptionTopics.id), eq(contactSubscriptions.contactId, contacts.id)),
    );
}

const empty = (): SendContext => ({
  contact: null,
  journeyVersionId: null,
  journeyName: null,
  workspace: null,
  suppressions: new Map(),
  suppressionKeys: new Set(),
  topic: null,
});

export async function findSendContext(db: Db, input: SendContextInput): Promise<SendContext> {
  const [context] = await findSendContexts(db, [input]);
  return context ?? empty();
}

/** findSendContext for many sends in ONE statement; the contexts come back in the inputs' order. */
export async function findSendContexts(db: Db, inputs: readonly SendContextInput[]): Promise<SendContext[]> {
  // A workspace id that is not a uuid reads as absent (nothing else can match it).
  const asked = inputs.filter((input) => UUID_PATTERN.test(input.workspaceId));
  const fallbacks = inputs.map((input) => input.fallbackEmail?.trim().toLowerCase() ?? null);
  const contexts = inputs.map(empty);
  if (asked.length === 0) return contexts;
  const rows = await buildSendContextQuery(db, {
    workspaceIds: inputs.map((input) => validId(input.workspaceId)),
    contactIds: inputs.map((input) => validId(input.contactId)),
    runIds: inputs.map((input) => validId(input.runId)),
    journeyIds: inputs.map((input) => validId(input.journeyId)),
    topicIds: inputs.map((input) => validId(input.topicId)),
    fallbacks,
  });
  for (const row of rows) {
    const index = Number(row.ord) - 1;
    const input = inputs[index];
    if (!input) continue;
    const fallback = fallbacks[index] ?? null;
    const suppressionKeys = new Set([row.contactKey, fallback].filter((key): key is string => key !== null));
    contexts[index] = {
      contact:
        row.contactId === null
          ? null
          : { id: row.contactId, userId: row.userId, email: row.email, traits: row.traits ?? {} },
      journeyVersionId: row.journeyVersionId,
      journeyName: row.journeyName,
      workspace: { id: input.workspaceId, name: row.workspaceName, settings: row.settings },
      suppressions: new Map(row.suppressions.map(({ email, reason }) => [email, reason])),
      suppressionKeys,
      topic: row.topic
        ? { topic: row.topic, isSubscribed: row.isSubscribed ?? row.topic.defaultMode === "opt_out" }
        : null,
    };
  }
  return contexts;
}
