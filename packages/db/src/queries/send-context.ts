// Everything a journey send reads before it renders, in ONE statement (for one send or a batch): the contact, the run's
// pinned journey version, the journey's name, the workspace (name, settings, variables), the
// suppressions of the candidate addresses and the email's topic with the contact's choice.
// The send path was bound by its round trips (docs/performance.md, bench:send): this replaces
// seven statements in two waves. Each part is joined on the workspace, so an id from another
// workspace reads as absent, exactly as the separate lookups did.
import { and, eq, sql, type SQL } from "drizzle-orm";
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

/** The input relation's columns, whichever form feeds it (the arrays of a batch, or one send's values). */
const INPUT_COLUMNS = sql.raw("i(workspace_id, contact_id, run_id, journey_id, topic_id, fallback, ord)");

/**
 * The statement for the sends of relation `input` (INPUT_COLUMNS): each row of it joined to its
 * workspace, contact, run, journey and topic by primary key. An id that is null matches nothing
 * (`= NULL`).
 */
function selectSendContexts(db: Db, input: SQL) {
  const contactKey = sql`lower(btrim(${contacts.email}))`;
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

type SendContextRow = Awaited<ReturnType<typeof selectSendContexts>>[number];

/**
 * A batch's statement, its inputs as arrays. It is planned on every call, with the inputs known,
 * and never prepared: a generic (prepared) plan cannot know how many rows the arrays hold, and on
 * small tables it chose sequential scans joined by hash (EXPLAIN, docs/performance.md, "Journey
 * sends in batches"); planned with the values, each row is read by its primary key. The plan is
 * paid once per batch.
 */
function readBatch(db: Db, params: SendContextParams): Promise<SendContextRow[]> {
  const param = (name: keyof SendContextParams) => sql.param(params[name]);
  return selectSendContexts(
    db,
    sql`unnest(${param("workspaceIds")}::uuid[], ${param("contactIds")}::uuid[], ${param("runIds")}::uuid[],
               ${param("journeyIds")}::uuid[], ${param("topicIds")}::uuid[], ${param("fallbacks")}::text[])
      with ordinality as ${INPUT_COLUMNS}`,
  );
}

/**
 * One send's statement (a batch of one: every send at a low rate), its inputs as scalars: a named
 * prepared statement, so each connection plans it once and keeps the plan — a generic plan that
 * knows the input is one row reads each table by its primary key (EXPLAIN in
 * send-single-statements.test.ts). Planned per call, the batch form cost a lone send 0.57 ms of
 * planning (docs/performance.md, "A lone run after the coalesced sends, taken back"). Built once
 * per pool.
 */
const preparedOne = new WeakMap<Db, ReturnType<typeof prepareOne>>();
function prepareOne(db: Db) {
  const value = (name: keyof SendContextInput | "fallback", type: string) =>
    sql`${sql.placeholder(name)}::${sql.raw(type)}`;
  return selectSendContexts(
    db,
    sql`(values (${value("workspaceId", "uuid")}, ${value("contactId", "uuid")}, ${value("runId", "uuid")},
                 ${value("journeyId", "uuid")}, ${value("topicId", "uuid")}, ${value("fallback", "text")}, 1::bigint))
      as ${INPUT_COLUMNS}`,
  ).prepare("send_context_one");
}

function readOne(db: Db, params: SendContextParams): Promise<SendContextRow[]> {
  let prepared = preparedOne.get(db);
  if (!prepared) preparedOne.set(db, (prepared = prepareOne(db)));
  const first = (name: keyof SendContextParams) => params[name][0] ?? null;
  return prepared.execute({
    workspaceId: first("workspaceIds"),
    contactId: first("contactIds"),
    runId: first("runIds"),
    journeyId: first("journeyIds"),
    topicId: first("topicIds"),
    fallback: first("fallbacks"),
  });
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
  const read = inputs.length === 1 ? readOne : readBatch;
  const rows = await read(db, {
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
