// What the CLI reads of the target workspace: journeys, templates, segments and topics by name
// (names are what a file set carries), and a journey's graph with its templates as files.
import type { JourneyGraph } from "@mailstream/journey/schema";
import { call, CliError, type Server } from "./client";
import { graphToJourneyFile, templateToFile, UnknownReferenceError, type TemplateRecord } from "./convert";
import type { JourneyFile, TemplateFile } from "./file-schemas";
import { schemaPointer } from "./json-schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Named {
  id: string;
  name: string;
}

/** name → every item of that name (names are not unique in a workspace; callers refuse ambiguity). */
export function byName<T extends Named>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(item.name, [...(map.get(item.name) ?? []), item]);
  return map;
}

export async function listJourneys(server: Server) {
  return call("listing the workspace's journeys", () => server.journeys.list.query());
}

export async function listTemplates(server: Server) {
  return call("listing the workspace's templates", () => server.templates.list.query());
}

export async function listSegments(server: Server) {
  return call("listing the workspace's segments", () => server.segments.list.query());
}

export async function listTopics(server: Server) {
  return call("listing the workspace's subscription topics", () => server.topics.list.query());
}

/** A journey by its id or its exact name; an unknown or ambiguous name is an error naming the choices. */
export async function findJourney(server: Server, ref: string): Promise<Named> {
  const journeys = await listJourneys(server);
  const byId = UUID.test(ref) ? journeys.find((journey) => journey.id === ref.toLowerCase()) : undefined;
  if (byId) return byId;
  const named = journeys.filter((journey) => journey.name === ref);
  if (named.length === 1) return named[0] as Named;
  if (named.length === 0) throw new CliError([`No journey named or with the id "${ref}" in this workspace.`]);
  throw new CliError([
    `${named.length} journeys are named "${ref}"; pull one by its id:`,
    ...named.map((journey) => `  ${journey.id}`),
  ]);
}

export async function fetchTemplate(server: Server, templateId: string): Promise<TemplateRecord> {
  return call(`reading template ${templateId}`, () => server.templates.byId.query({ templateId }));
}

/** A graph as a journey file and its templates as template files (each template read once). */
export async function graphAsFiles(
  server: Server,
  name: string,
  graph: JourneyGraph,
): Promise<{ journey: JourneyFile; templates: TemplateFile[] }> {
  const ids = [
    ...new Set(
      graph.nodes.flatMap((node) =>
        node.data.kind === "email" && node.data.templateId !== null && node.data.templateId !== ""
          ? [node.data.templateId]
          : [],
      ),
    ),
  ].sort();
  const records = new Map<string, TemplateRecord>();
  for (const id of ids) {
    // A template deleted under a draft (or of another workspace) is named by the step below.
    const record = UUID.test(id) ? await fetchTemplate(server, id).catch(() => null) : null;
    if (record) records.set(id, record);
  }
  const names = new Map([...records].map(([id, record]) => [id, record.name]));
  const owners = byName([...records].map(([id, record]) => ({ id, name: record.name })));
  for (const [templateName, owning] of owners)
    if (owning.length > 1)
      throw new CliError([
        `The journey uses ${owning.length} templates named "${templateName}"; a file set names templates, so rename all but one.`,
      ]);
  const [segments, topics] = await Promise.all([listSegments(server), listTopics(server)]);
  const idToName = (items: readonly Named[]) => new Map(items.map((item) => [item.id, item.name]));
  const refs = { template: names, segment: idToName(segments), topic: idToName(topics) };
  try {
    return {
      journey: graphToJourneyFile(name, graph, refs, schemaPointer("journey")),
      templates: [...records.values()]
        .map((record) => templateToFile(record, schemaPointer("template")))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  } catch (error) {
    if (error instanceof UnknownReferenceError)
      throw new CliError([`The journey's ${error.message}; pick a ${error.kind} for that step.`]);
    throw error;
  }
}
