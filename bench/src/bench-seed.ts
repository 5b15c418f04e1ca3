// What bench:send and bench:broadcast set up alike: a workspace with a block template whose
// version is pinned (as publishing pins it), and contacts `bench-<i>` with an address and a
// first name, inserted in chunks so 100,000 fit in memory.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { contacts } from "@mailstream/db/schema";
import type { Block } from "@mailstream/emails/blocks";
import { pinTemplateVersion } from "@mailstream/core/templates/load-template";

export interface BenchTemplate {
  subject: string;
  preheader: string;
  body: string;
  blocks: Block[];
}

/** The traits and address of bench contact `i` (the raw baselines render the same context). */
export function benchContact(i: number) {
  return { userId: `bench-${i}`, email: `bench-${i}@mailstream.test`, traits: { first_name: `Ada ${i}` } };
}

export async function seedBenchWorkspace(db: Db, name: string, template: BenchTemplate) {
  const workspace = await createWorkspace(db, { name, slug: `bench-${randomUUID().slice(0, 8)}` });
  const row = await insertTemplate(db, workspace.id, { name, ...template });
  const { versionId } = await pinTemplateVersion(db, workspace.id, row.id);
  return { workspaceId: workspace.id, templateId: row.id, versionId };
}

/** Inserts `total` bench contacts in chunks; `eachChunk` gets each chunk's ids (in order). */
export async function insertBenchContacts(
  db: Db,
  workspaceId: string,
  total: number,
  eachChunk: (ids: string[], offset: number) => Promise<void>,
  chunk = 5_000,
): Promise<void> {
  for (let offset = 0; offset < total; offset += chunk) {
    const size = Math.min(chunk, total - offset);
    const rows = await db
      .insert(contacts)
      .values(Array.from({ length: size }, (_, i) => ({ workspaceId, ...benchContact(offset + i) })))
      .returning({ id: contacts.id });
    await eachChunk(
      rows.map((row) => row.id),
      offset,
    );
  }
}
