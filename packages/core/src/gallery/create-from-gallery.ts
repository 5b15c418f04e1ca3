// "Start from the gallery": one gallery journey instantiated in a workspace — its templates
// created (a name already taken gets a suffix, "Cart reminder (2)", so nothing existing is
// touched) and the journey saved as a draft whose email steps send them, all in one
// transaction, each row audited. Names are chosen under the workspace's naming lock, so two
// creations at once never pick the same name. The draft is never published here.
import type { Db } from "@mailstream/db/client";
import { insertJourney } from "@mailstream/db/queries/journeys";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { findTakenJourneyNames, findTakenTemplateNames, lockWorkspaceNames } from "@mailstream/db/queries/taken-names";
import type { JourneyGraph } from "@mailstream/journey/schema";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { freeName, requireName } from "../lists/names";
import type { GalleryEntry } from "./gallery-entry";
import { findGalleryEntry } from "./gallery";

export interface CreatedFromGallery {
  id: string;
  name: string;
  templates: { id: string; name: string }[];
}

/** The entry's graph with each email step's template key replaced by the created template's id. */
export function withTemplateIds(entry: GalleryEntry, ids: Readonly<Record<string, string>>): JourneyGraph {
  const graph = structuredClone(entry.graph);
  for (const node of graph.nodes) {
    if (node.data.kind !== "email" || node.data.templateId === null) continue;
    const id = ids[node.data.templateId];
    // The gallery's own unit test keeps every key known; reaching this is a bug in an entry.
    if (id === undefined)
      throw new Error(`gallery "${entry.id}": step ${node.id} names unknown template key "${node.data.templateId}"`);
    node.data.templateId = id;
  }
  return graph;
}

export async function createJourneyFromGallery(
  db: Db,
  workspaceId: string,
  input: { galleryId: string; name?: string | undefined },
  audit?: AuditContext | null,
): Promise<CreatedFromGallery> {
  const entry = findGalleryEntry(input.galleryId);
  if (!entry) {
    const message = `The gallery has no journey "${input.galleryId}".`;
    throw new AppError(AppErrorCode.NOT_FOUND, message, { issues: [{ path: "galleryId", message }] });
  }
  const wanted = requireName(input.name ?? entry.name, "journey");
  const origin = { fromGallery: entry.id };
  return db.transaction(async (tx) => {
    await lockWorkspaceNames(tx, workspaceId);
    const templates = Object.entries(entry.templates);
    const taken = await findTakenTemplateNames(
      tx,
      workspaceId,
      templates.map(([, template]) => template.name),
    );
    const ids: Record<string, string> = {};
    const created: { id: string; name: string }[] = [];
    for (const [key, { name, content }] of templates) {
      const row = await insertTemplate(tx, workspaceId, {
        name: freeName(name, taken),
        subject: content.subject,
        preheader: content.preheader,
        body: content.body,
        blocks: content.blocks ?? null,
        requiredVariables: content.requiredVariables ?? [],
      });
      taken.add(row.name);
      ids[key] = row.id;
      created.push({ id: row.id, name: row.name });
      await recordAudit(tx, {
        context: audit,
        action: "template.create",
        target: { type: "template", id: row.id, label: row.name },
        changes: { fields: [], after: origin },
      });
    }
    const journey = await insertJourney(tx, {
      workspaceId,
      name: freeName(wanted, await findTakenJourneyNames(tx, workspaceId, [wanted])),
      draft: withTemplateIds(entry, ids),
    });
    await recordAudit(tx, {
      context: audit,
      action: "journey.create",
      target: { type: "journey", id: journey.id, label: journey.name },
      changes: { fields: ["draft"], after: { ...origin, templates: created.length } },
    });
    return { id: journey.id, name: journey.name, templates: created };
  });
}
