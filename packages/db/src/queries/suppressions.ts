// The suppression list: addresses a workspace must not mail. Writes are idempotent (the first
// reason wins) so a replayed webhook or a second unsubscribe click changes nothing.
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { suppressions } from "../schema/index";

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

/**
 * Lifts a suppression only when it has this reason: a recipient resubscribing on the
 * preference page undoes their own unsubscribe, never a bounce or complaint.
 */
export async function removeSuppression(db: Db | Tx, input: { workspaceId: string; email: string; reason: SuppressionReason }): Promise<boolean> {
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
