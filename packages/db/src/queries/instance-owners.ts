// The instance's owners: who may change instance-wide settings (single sign-on).
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { instanceOwners } from "../schema/index";

export async function isInstanceOwner(db: Db | Tx, userId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: instanceOwners.userId })
    .from(instanceOwners)
    .where(eq(instanceOwners.userId, userId))
    .limit(1);
  return rows.length > 0;
}

/** Makes the user an instance owner (kept if they are one already). */
export async function addInstanceOwner(db: Db | Tx, userId: string): Promise<void> {
  await db.insert(instanceOwners).values({ userId }).onConflictDoNothing();
}
