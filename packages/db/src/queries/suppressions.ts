// The suppression list: addresses a workspace must not mail. Writes are idempotent (the first
// reason wins) so a replayed webhook or a second unsubscribe click changes nothing. Manual
// adds and removals from Settings are logged in `suppression_log`.
import { and, asc, count, desc, eq, ilike, inArray } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { suppressionLog, suppressions } from "../schema/index";

export type SuppressionReason = (typeof suppressions.$inferSelect)["reason"];

/** Returns true when the address was newly suppressed, false when it already was. */
export async function suppressAddress(
  db: Db | Tx,
  input: { workspaceId: string; email: string; reason: SuppressionReason },
): Promise<boolean> {
  const inserted = await db
    .insert(suppressions)
    .values({ workspaceId: input.workspaceId, email: input.email.trim().toLowerCase(), reason: input.reason })
    .onConflictDoNothing()
    .returning({ email: suppressions.email });
  return inserted.length > 0;
}

export async function findSuppression(db: Db | Tx, workspaceId: string, email: string) {
  const [row] = await db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), eq(suppressions.email, email.trim().toLowerCase())))
    .limit(1);
  return row ?? null;
}

/** The suppressions among many addresses in one read (broadcast pages), keyed by lower-cased address. */
export async function findSuppressionsOf(db: Db | Tx, workspaceId: string, emails: readonly string[]) {
  const byEmail = new Map<string, typeof suppressions.$inferSelect>();
  const wanted = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  if (wanted.length === 0) return byEmail;
  const rows = await db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), inArray(suppressions.email, wanted)));
  for (const row of rows) byEmail.set(row.email, row);
  return byEmail;
}

/**
 * Lifts a suppression only when it has this reason: a recipient resubscribing on the
 * preference page undoes their own unsubscribe, never a bounce or complaint.
 */
export async function removeSuppression(
  db: Db | Tx,
  input: { workspaceId: string; email: string; reason: SuppressionReason },
): Promise<boolean> {
  const deleted = await db
    .delete(suppressions)
    .where(
      and(
        eq(suppressions.workspaceId, input.workspaceId),
        eq(suppressions.email, input.email.trim().toLowerCase()),
        eq(suppressions.reason, input.reason),
      ),
    )
    .returning({ email: suppressions.email });
  return deleted.length > 0;
}

export type SuppressionRow = typeof suppressions.$inferSelect;
export type SuppressionLogRow = typeof suppressionLog.$inferSelect;

/** `%`, `_` and `\` typed into a search box are literal characters, not patterns. */
function containsPattern(search: string): string {
  return `%${search
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Newest first; `search` matches part of the address. Returns one page and the total count. */
export async function findSuppressionsPage(
  db: Db | Tx,
  input: { workspaceId: string; search?: string | undefined; limit: number; offset: number },
): Promise<{ rows: SuppressionRow[]; total: number }> {
  const where = and(
    eq(suppressions.workspaceId, input.workspaceId),
    input.search?.trim() ? ilike(suppressions.email, containsPattern(input.search)) : undefined,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(suppressions)
      .where(where)
      .orderBy(desc(suppressions.createdAt), asc(suppressions.email))
      .limit(input.limit)
      .offset(input.offset),
    db.select({ total: count() }).from(suppressions).where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

/**
 * A manual entry from Settings, logged in the same transaction. An address already on the
 * list keeps its row (a bounce stays a bounce); `existing` says what it is.
 */
export async function insertManualSuppression(
  db: Db | Tx,
  input: { workspaceId: string; email: string; note: string | null },
): Promise<{ inserted: SuppressionRow | null; existing: SuppressionRow | null }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(suppressions)
      .values({ workspaceId: input.workspaceId, email, reason: "manual", note: input.note })
      .onConflictDoNothing()
      .returning();
    if (!inserted) return { inserted: null, existing: await findSuppression(tx, input.workspaceId, email) };
    await tx
      .insert(suppressionLog)
      .values({ workspaceId: input.workspaceId, email, action: "added", reason: "manual", note: input.note });
    return { inserted, existing: null };
  });
}

/** Deletes the entry whatever its reason and logs what was lifted; null when the address was not listed. */
export async function deleteSuppressionLogged(
  db: Db | Tx,
  input: { workspaceId: string; email: string; note: string | null },
): Promise<SuppressionRow | null> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(suppressions)
      .where(and(eq(suppressions.workspaceId, input.workspaceId), eq(suppressions.email, email)))
      .returning();
    if (!deleted) return null;
    await tx
      .insert(suppressionLog)
      .values({ workspaceId: input.workspaceId, email, action: "removed", reason: deleted.reason, note: input.note });
    return deleted;
  });
}

/** The newest manual changes, for the Settings "recent changes" list. */
export async function findSuppressionLog(
  db: Db | Tx,
  workspaceId: string,
  limit: number,
): Promise<SuppressionLogRow[]> {
  return db
    .select()
    .from(suppressionLog)
    .where(eq(suppressionLog.workspaceId, workspaceId))
    .orderBy(desc(suppressionLog.at))
    .limit(limit);
}
