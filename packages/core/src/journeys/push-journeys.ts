// `journeys.push`, the server side of `mailstream push`: a set of templates and journeys written
// in ONE transaction, so a push either lands whole or changes nothing (a failure half-way — a
// publish the server refuses, a lost connection — used to leave the templates and journeys before
// it written). Each item goes through the use case the editor uses (same checks, same audit
// rows), nested as savepoints of the one transaction. Templates and journeys are matched by name;
// what already holds the same content is left alone, so pushing the same set again writes nothing.
import type { Db } from "@mailstream/db/client";
import { findJourneySummaries } from "@mailstream/db/queries/journeys";
import { lockWorkspaceNames } from "@mailstream/db/queries/taken-names";
import { findTemplates } from "@mailstream/db/queries/templates";
import type { TemplateContent } from "@mailstream/emails/template";
import { isSameGraph, isSameJson } from "@mailstream/journey/same-graph";
import type { AuditContext } from "../audit/audit-context";
import { AppError, AppErrorCode } from "../errors/app-error";
import { createTemplate, getTemplate, saveTemplate } from "../templates/templates";
import { createJourney, getJourney, parseGraphOrThrow, saveJourneyDraft } from "./journeys";
import { publishJourney } from "./publish-journey";

export interface PushTemplate {
  /** What the pushed graphs' email steps put in `templateId` for this template (it may not exist yet). */
  ref: string;
  name: string;
  content: TemplateContent;
  fromAddress: string | null;
  replyTo: string | null;
}

export interface PushBundle {
  templates: PushTemplate[];
  /** Untrusted graphs (parsed by the draft's use case); email steps name a template by id or by a bundle `ref`. */
  journeys: { name: string; graph: unknown }[];
  publish: boolean;
}

export type PushedTemplate = { name: string; outcome: "created" | "updated" | "unchanged" };
export type PushedJourney = {
  name: string;
  draft: "created" | "saved" | "unchanged";
  /** With `publish`: the new version, or the live one that already was this graph. */
  published: { version: number; isNew: boolean } | null;
};

export interface PushJourneysOptions {
  db: Db;
  workspaceId: string;
  bundle: PushBundle;
  audit?: AuditContext | null | undefined;
}

function oneNamed<T extends { id: string; name: string }>(rows: readonly T[], kind: string, name: string): T | null {
  const named = rows.filter((row) => row.name === name);
  if (named.length > 1)
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      `${named.length} ${kind}s in the workspace are named "${name}"; rename all but one, then push again. Nothing was pushed.`,
    );
  return named[0] ?? null;
}

function refuseRepeats(names: readonly string[], kind: string) {
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined)
    throw new AppError(
      AppErrorCode.INVALID_INPUT,
      `The push names the ${kind} "${repeated}" twice. Nothing was pushed.`,
    );
}

async function pushTemplate(
  db: Db,
  workspaceId: string,
  template: PushTemplate,
  existingId: string | null,
  audit: PushJourneysOptions["audit"],
) {
  const { name, content, fromAddress, replyTo } = template;
  if (!existingId) {
    const created = await createTemplate(db, workspaceId, { name, content }, audit);
    if (fromAddress !== null || replyTo !== null)
      await saveTemplate(db, workspaceId, created.id, { fromAddress, replyTo }, audit);
    return { id: created.id, outcome: "created" as const };
  }
  const saved = await getTemplate(db, workspaceId, existingId);
  const fields = (value: TemplateContent & { fromAddress: string | null; replyTo: string | null }) => ({
    subject: value.subject,
    preheader: value.preheader,
    body: value.body,
    blocks: value.blocks ?? null,
    requiredVariables: value.requiredVariables ?? [],
    fromAddress: value.fromAddress,
    replyTo: value.replyTo,
  });
  const wanted = { ...content, fromAddress, replyTo };
  if (isSameJson(fields(saved), fields(wanted))) return { id: existingId, outcome: "unchanged" as const };
  await saveTemplate(db, workspaceId, existingId, wanted, audit);
  return { id: existingId, outcome: "updated" as const };
}

/** The graph with each email step's bundle `ref` replaced by the template's id. */
function resolveRefs(input: unknown, ids: ReadonlyMap<string, string>, verb: string) {
  const graph = parseGraphOrThrow(input, verb);
  const nodes = graph.nodes.map((node) => {
    const data = node.data;
    if (data.kind !== "email" || data.templateId === null) return node;
    const id = ids.get(data.templateId);
    return id ? { ...node, data: { ...data, templateId: id } } : node;
  });
  return { ...graph, nodes };
}

/** Writes the whole bundle or nothing; returns what happened to each item, in the bundle's order. */
export async function pushJourneys({ db, workspaceId, bundle, audit }: PushJourneysOptions) {
  refuseRepeats(
    bundle.templates.map((template) => template.name),
    "template",
  );
  refuseRepeats(
    bundle.journeys.map((journey) => journey.name),
    "journey",
  );
  return db.transaction(async (tx) => {
    // The use cases take a Db and open their own transactions: on a transaction those are savepoints.
    const inTx = tx as unknown as Db;
    // Two pushes at once must not both create a template or journey of one name.
    await lockWorkspaceNames(tx, workspaceId);
    const [templateRows, journeyRows] = await Promise.all([
      findTemplates(inTx, workspaceId),
      findJourneySummaries(inTx, workspaceId),
    ]);
    const ids = new Map<string, string>();
    const templates: PushedTemplate[] = [];
    for (const template of bundle.templates) {
      const existing = oneNamed(templateRows, "template", template.name);
      const pushed = await pushTemplate(inTx, workspaceId, template, existing?.id ?? null, audit);
      ids.set(template.ref, pushed.id);
      templates.push({ name: template.name, outcome: pushed.outcome });
    }
    const journeys: PushedJourney[] = [];
    for (const { name, graph: input } of bundle.journeys) {
      const graph = resolveRefs(input, ids, "pushed");
      const existing = oneNamed(journeyRows, "journey", name);
      const current = existing ? await getJourney(inTx, workspaceId, existing.id) : null;
      const journeyId = current?.id ?? (await createJourney(inTx, workspaceId, name, audit)).id;
      const isDraftSame = current !== null && isSameGraph(current.draft, graph);
      if (!isDraftSame) await saveJourneyDraft(inTx, workspaceId, journeyId, graph, audit);
      const draft = current === null ? "created" : isDraftSame ? "unchanged" : "saved";
      let published: PushedJourney["published"] = null;
      if (bundle.publish) {
        const isLiveSame = current?.status === "live" && isSameGraph(current.liveGraph, graph);
        published =
          isLiveSame && current.liveVersion !== null
            ? { version: current.liveVersion, isNew: false }
            : { version: (await publishJourney({ db: inTx, workspaceId, journeyId, audit })).version, isNew: true };
      }
      journeys.push({ name, draft, published });
    }
    return { templates, journeys };
  });
}
