// The journeys list behind the `journeys` router: search (name, status, tag; paged), tags,
// duplicate and delete.
//
// Delete follows Braze and Customer.io: a journey that ever ran is archived, not deleted, while
// it has contacts in it. A draft, or an archived journey whose runs have all ended, can be
// deleted; a live or paused one must be archived first (archiving ends its runs). The row is
// locked FOR UPDATE, so a run start (which holds FOR SHARE until its workflow exists) either
// finished before the check sees it or waits and finds the journey gone.
import type { Db } from "@mailstream/db/client";
import {
  deleteJourneyRow,
  findActiveRunsOfJourney,
  findJourneyTagNames,
  insertJourney,
  lockJourney,
  searchJourneySummaries,
  updateJourneyTags,
  type JourneyStatus,
} from "@mailstream/db/queries/journeys";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { copyName } from "../lists/names";
import { withoutTag, withTag } from "../lists/tags";
import { journeyNotFound } from "./journeys";

export interface JourneyListQuery {
  search?: string | undefined;
  status?: JourneyStatus | undefined;
  tag?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of journeys with the total that match and every tag in use (for the filter). */
export async function searchJourneys(db: Db, workspaceId: string, query: JourneyListQuery) {
  const search = query.search?.trim();
  const tag = query.tag?.trim().toLowerCase();
  const [page, tags] = await Promise.all([
    searchJourneySummaries(db, workspaceId, { ...query, search: search || undefined, tag: tag || undefined }),
    findJourneyTagNames(db, workspaceId),
  ]);
  return { items: page.rows, total: page.total, tags };
}

/** A new draft journey with the original's draft graph and tags, named "… (copy)". Never live. */
export async function duplicateJourney(db: Db, workspaceId: string, journeyId: string, audit?: AuditContext | null) {
  return db.transaction(async (tx) => {
    const original = await lockJourney(tx, workspaceId, journeyId);
    if (!original) throw journeyNotFound(journeyId);
    const copy = await insertJourney(tx, {
      workspaceId,
      name: copyName(original.name),
      draft: original.draft,
      tags: original.tags,
    });
    await recordAudit(tx, {
      context: audit,
      action: "journey.duplicate",
      target: { type: "journey", id: copy.id, label: copy.name },
      changes: { fields: ["draft", "tags"], after: { duplicatedFrom: original.id } },
    });
    return { id: copy.id, name: copy.name, status: copy.status };
  });
}

/** Deletes a draft, or an archived journey with no active runs; anything else is refused in words. */
export async function deleteJourney(db: Db, workspaceId: string, journeyId: string, audit?: AuditContext | null) {
  return db.transaction(async (tx) => {
    const journey = await lockJourney(tx, workspaceId, journeyId);
    if (!journey) throw journeyNotFound(journeyId);
    if (journey.status === "live" || journey.status === "paused")
      throw new AppError(
        AppErrorCode.PRECONDITION_FAILED,
        `"${journey.name}" is ${journey.status}: archive it first (archiving ends its active runs), then delete it.`,
      );
    const active = await findActiveRunsOfJourney(tx, journeyId);
    if (active.length > 0)
      throw new AppError(
        AppErrorCode.PRECONDITION_FAILED,
        `"${journey.name}" still has ${active.length} active run${active.length === 1 ? "" : "s"}; it can be deleted once they end.`,
      );
    await deleteJourneyRow(tx, journeyId);
    await recordAudit(tx, {
      context: audit,
      action: "journey.delete",
      target: { type: "journey", id: journeyId, label: journey.name },
    });
    return { journeyId, deleted: true as const };
  });
}

/** Adds or removes one tag; repeating either changes nothing. Returns the journey's tags. */
export async function changeJourneyTag(
  db: Db,
  workspaceId: string,
  input: { journeyId: string; tag: string; change: "add" | "remove" },
  audit?: AuditContext | null,
): Promise<{ journeyId: string; tags: string[] }> {
  return db.transaction(async (tx) => {
    const journey = await lockJourney(tx, workspaceId, input.journeyId);
    if (!journey) throw journeyNotFound(input.journeyId);
    const tags = input.change === "add" ? withTag(journey.tags, input.tag) : withoutTag(journey.tags, input.tag);
    if (tags.join("\n") !== journey.tags.join("\n")) {
      await updateJourneyTags(tx, input.journeyId, tags);
      await recordAudit(tx, {
        context: audit,
        action: "journey.tag",
        target: { type: "journey", id: journey.id, label: journey.name },
        changes: { fields: ["tags"], before: { tags: journey.tags }, after: { tags } },
      });
    }
    return { journeyId: journey.id, tags };
  });
}
