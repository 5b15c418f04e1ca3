// The drill's verdict, read after the faults from the stack's database and the Resend
// stand-in: every acknowledged sign-up dispatched, every run finished, and each expected
// email (Welcome and the follow-up, per acknowledged sign-up) handed to the transport under
// exactly one idempotency key. A repeat of the same key (a send retried after a crash, which
// Resend answers once) is counted but is not a duplicate; a second key for one email is.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import type { ResendRequest } from "@mailstream/testing/resend-stand-in";
import type { SignUp } from "./sign-ups";

export const EXPECTED_SUBJECTS = ["Welcome to the drill", "Getting started"] as const;

export interface Fault {
  name: string;
  /** Seconds since the stream started. */
  injectedAt: number;
  recoverySeconds: number | null;
  /** Processes killed (the power cut's count; 1 for a named process, its group aside). */
  killed: number;
}

export interface FaultRow extends Fault {
  signUps: number;
  lost: number;
  duplicated: number;
}

export interface Verdict {
  rows: FaultRow[];
  acknowledged: number;
  undispatched: number;
  unfinishedRuns: number;
  missingRuns: number;
  extraRuns: number;
  lostEmails: number;
  duplicatedEmails: number;
  resentSameKey: number;
}

interface DatabaseState {
  undispatched: number;
  runsByUser: Map<string, string>;
  /** Runs beyond the first for one contact in the journey (each sign-up starts one). */
  extraRuns: number;
}

async function readDatabase(databaseUrl: string, workspaceId: string, userIds: string[]): Promise<DatabaseState> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const messageIds = userIds.flatMap((id) => [`identify-${id}`, `signup-${id}`]);
    const events = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM events
        WHERE workspace_id = $1 AND message_id = ANY($2) AND dispatched_at IS NOT NULL AND parked_at IS NULL`,
      [workspaceId, messageIds],
    );
    const runs = await client.query<{ user_id: string; status: string }>(
      `SELECT c.user_id, r.status FROM journey_runs r JOIN contacts c ON c.id = r.contact_id
        WHERE r.workspace_id = $1 AND c.user_id = ANY($2)`,
      [workspaceId, userIds],
    );
    const runsByUser = new Map(runs.rows.map((row) => [row.user_id, row.status]));
    return {
      undispatched: messageIds.length - Number(events.rows[0]?.n ?? 0),
      runsByUser,
      extraRuns: runs.rows.length - runsByUser.size,
    };
  } finally {
    await client.end();
  }
}

/** Distinct idempotency keys per (recipient, subject), and how many requests repeated a key. */
function countEmails(received: ResendRequest[]): { keys: Map<string, Set<string>>; resentSameKey: number } {
  const keys = new Map<string, Set<string>>();
  const seen = new Set<string>();
  let resentSameKey = 0;
  for (const request of received) {
    const to = (request.body.to as string[] | undefined)?.[0] ?? "";
    const slot = `${to}\n${String(request.body.subject)}`;
    const key = request.idempotencyKey ?? `(none ${keys.size})`;
    if (seen.has(key)) resentSameKey++;
    seen.add(key);
    keys.set(slot, (keys.get(slot) ?? new Set()).add(key));
  }
  return { keys, resentSameKey };
}

/**
 * Waits (up to `timeoutMs`) until every acknowledged sign-up's events are dispatched, its run
 * completed and both emails received, then tells what is missing or doubled, per fault (a
 * sign-up belongs to the last fault injected before it was queued).
 */
export async function verify(options: {
  databaseUrl: string;
  workspaceId: string;
  signUps: SignUp[];
  received: ResendRequest[];
  faults: Fault[];
  streamStartedAt: number;
  timeoutMs: number;
}): Promise<Verdict> {
  const acked = options.signUps.filter((signUp) => signUp.ackedAt !== null);
  const userIds = acked.map((signUp) => signUp.userId);
  const deadline = Date.now() + options.timeoutMs;
  let state: DatabaseState;
  let emails: ReturnType<typeof countEmails>;
  const isComplete = () =>
    state.undispatched === 0 &&
    acked.every((signUp) => state.runsByUser.get(signUp.userId) === "completed") &&
    acked.every((signUp) => EXPECTED_SUBJECTS.every((subject) => emails.keys.has(`${signUp.email}\n${subject}`)));
  for (;;) {
    state = await readDatabase(options.databaseUrl, options.workspaceId, userIds);
    emails = countEmails(options.received);
    if (isComplete() || Date.now() > deadline) break;
    await sleep(500);
  }
  // Let a late duplicate (a second key sent after the first) show up before counting.
  await sleep(2_000);
  emails = countEmails(options.received);

  const faultOf = (signUp: SignUp) => {
    const at = (signUp.queuedAt - options.streamStartedAt) / 1000;
    return options.faults.filter((fault) => fault.injectedAt <= at).at(-1)?.name ?? "(before the first fault)";
  };
  const rows = new Map<string, FaultRow>([
    [
      "(before the first fault)",
      {
        name: "(before the first fault)",
        injectedAt: 0,
        recoverySeconds: null,
        killed: 0,
        signUps: 0,
        lost: 0,
        duplicated: 0,
      },
    ],
    ...options.faults.map((fault): [string, FaultRow] => [
      fault.name,
      { ...fault, signUps: 0, lost: 0, duplicated: 0 },
    ]),
  ]);
  let lostEmails = 0;
  let duplicatedEmails = 0;
  for (const signUp of acked) {
    const row = rows.get(faultOf(signUp))!;
    row.signUps++;
    for (const subject of EXPECTED_SUBJECTS) {
      const count = emails.keys.get(`${signUp.email}\n${subject}`)?.size ?? 0;
      if (count === 0) {
        row.lost++;
        lostEmails++;
      }
      if (count > 1) {
        row.duplicated += count - 1;
        duplicatedEmails += count - 1;
      }
    }
  }
  return {
    rows: [...rows.values()],
    acknowledged: acked.length,
    undispatched: state.undispatched,
    unfinishedRuns: acked.filter((signUp) => {
      const status = state.runsByUser.get(signUp.userId);
      return status !== undefined && status !== "completed";
    }).length,
    missingRuns: acked.filter((signUp) => !state.runsByUser.has(signUp.userId)).length,
    extraRuns: state.extraRuns,
    lostEmails,
    duplicatedEmails,
    resentSameKey: emails.resentSameKey,
  };
}
