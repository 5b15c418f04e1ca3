// Trait writes made by journeys (the "Update contact" node): one atomic merge into
// contacts.traits, so a retried activity lands on the same result.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { contacts } from "../schema/index";

export interface TraitChanges {
  set: Record<string, unknown>;
  unset: string[];
}

/** Merges `set` into the contact's traits and removes `unset`; false when the contact is gone. */
export async function mergeContactTraits(db: Db, contactId: string, changes: TraitChanges): Promise<boolean> {
  const rows = await db
    .update(contacts)
    .set({
      // The unset list travels as one jsonb parameter (drizzle would spread a JS array into a list).
      traits: sql`(${contacts.traits} || ${JSON.stringify(changes.set)}::jsonb) - array(select jsonb_array_elements_text(${JSON.stringify(changes.unset)}::jsonb))`,
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, contactId))
    .returning({ id: contacts.id });
  return rows.length > 0;
}
