// Hand edits of a contact's traits (the Contacts page's "Edit traits"): the new trait set
// replaces the old one and the difference is written to `contact_trait_audits` in the same
// transaction, so no edit goes unaudited.
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { contacts, contactTraitAudits, type TraitChange } from "../schema/index";

/** Keys added, changed (by JSON value) or removed between two trait objects. */
export function diffTraits(before: Record<string, unknown>, after: Record<string, unknown>): TraitChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: TraitChange[] = [];
  for (const key of keys) {
    const hadKey = Object.hasOwn(before, key);
    const hasKey = Object.hasOwn(after, key);
    if (hadKey && hasKey && JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    changes.push({ key, ...(hadKey ? { old: before[key] } : {}), ...(hasKey ? { new: after[key] } : {}) });
  }
  return changes;
}

export type TraitEditResult =
  { found: false } | { found: true; changes: TraitChange[]; traits: Record<string, unknown> };

/** Replaces the traits; a no-op edit (nothing changed) writes no audit row. */
export async function replaceContactTraitsAudited(
  db: Db | Tx,
  input: { workspaceId: string; contactId: string; traits: Record<string, unknown>; source: "ui" | "api" },
): Promise<TraitEditResult> {
  return db.transaction(async (tx) => {
    // Locked so a concurrent identify's merge and this edit cannot interleave between read and diff.
    const [current] = await tx
      .select({ traits: contacts.traits })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, input.workspaceId), eq(contacts.id, input.contactId)))
      .for("update");
    if (!current) return { found: false } as const;
    const changes = diffTraits(current.traits, input.traits);
    if (changes.length === 0) return { found: true, changes, traits: current.traits };
    await tx
      .update(contacts)
      .set({ traits: input.traits, updatedAt: sql`now()` })
      .where(eq(contacts.id, input.contactId));
    await tx
      .insert(contactTraitAudits)
      .values({ workspaceId: input.workspaceId, contactId: input.contactId, changes, source: input.source });
    return { found: true, changes, traits: input.traits };
  });
}

export async function findTraitAudits(db: Db, workspaceId: string, contactId: string) {
  return db
    .select()
    .from(contactTraitAudits)
    .where(and(eq(contactTraitAudits.workspaceId, workspaceId), eq(contactTraitAudits.contactId, contactId)))
    .orderBy(sql`${contactTraitAudits.at} desc`);
}
