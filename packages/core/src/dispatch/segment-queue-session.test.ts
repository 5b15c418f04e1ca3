// A dispatcher session queues a new contact for segment re-evaluation without waking the
// dispatchers (it drains after its round); any other session still wakes them.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@mailstream/db/client";
import { EVENTS_CHANNEL } from "@mailstream/db/queries/events";
import { testEnv } from "@mailstream/testing/test-env";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { asSegmentQueueDrainer, DRAINS_SEGMENT_QUEUE_SETTING } from "./segment-queue-session";

const databaseUrl = testEnv().databaseUrl;
const { db } = createDb(databaseUrl);
const plain = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const drainer = new pg.Pool({ connectionString: asSegmentQueueDrainer(databaseUrl), max: 1 });
afterAll(() => Promise.all([plain.end(), drainer.end()]));

/**
 * Inserts a contact through `pool`, then a marker NOTIFY from another session; notifications
 * arrive in commit order, so whatever the insert sent has arrived once the marker has.
 */
async function notificationsOfContactInsert(pool: pg.Pool, workspaceId: string): Promise<string[]> {
  const listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  try {
    const payloads: string[] = [];
    const marker = `marker-${randomUUID()}`;
    const markerSeen = new Promise<void>((resolve) =>
      listener.on("notification", ({ payload }) => (payload === marker ? resolve() : payloads.push(payload ?? ""))),
    );
    await listener.query(`LISTEN "${EVENTS_CHANNEL}"`);
    await pool.query("insert into contacts (workspace_id, user_id) values ($1, $2)", [
      workspaceId,
      `u-${randomUUID()}`,
    ]);
    await plain.query("select pg_notify($1, $2)", [EVENTS_CHANNEL, marker]);
    await markerSeen;
    return payloads;
  } finally {
    await listener.end();
  }
}

async function queuedContacts(workspaceId: string): Promise<number> {
  const { rows } = await plain.query<{ n: number }>(
    "select count(*)::int as n from segment_reevaluations where workspace_id = $1",
    [workspaceId],
  );
  return rows[0]!.n;
}

describe("segment re-evaluation queue and the dispatcher's sessions", () => {
  it("marks every connection of a drainer URL, keeping the operator's own options", async () => {
    const { rows } = await drainer.query<{ value: string }>("select current_setting($1, true) as value", [
      DRAINS_SEGMENT_QUEUE_SETTING,
    ]);
    expect(rows[0]!.value).toBe("on");
    const withOptions = new URL(asSegmentQueueDrainer("postgres://u:p@h:5432/d?options=-c%20statement_timeout%3D5000"));
    expect(withOptions.searchParams.get("options")).toBe(
      `-c statement_timeout=5000 -c ${DRAINS_SEGMENT_QUEUE_SETTING}=on`,
    );
  });

  it("queues a contact the dispatcher creates without a NOTIFY; other sessions still notify", async () => {
    const { workspaceId } = await createWorkspaceWithKeys(db);
    expect(await notificationsOfContactInsert(drainer, workspaceId)).toEqual([]);
    expect(await queuedContacts(workspaceId)).toBe(1);
    expect(await notificationsOfContactInsert(plain, workspaceId)).toEqual([workspaceId]);
    expect(await queuedContacts(workspaceId)).toBe(2);
  });
});
