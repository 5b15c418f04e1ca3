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
