// `mailstream push`: a file set into the workspace. Everything is checked before anything is
// written — each file's schema, names given twice, every template a step names (in the file set
// or, by a unique name, in the workspace), every segment and topic a step names (by a unique name
// in the workspace: push never creates them), the journey validator publishing runs, each template's
// content rendered by the server's preview — so a file set with a problem changes nothing and
// each problem is printed as `file: step <id>: field: message`. Then the whole set goes to the
// server in one call (journeys.push), written in one transaction: templates created or updated by
// name, each journey's draft saved (the journey created when its name is new), and with --publish
// each journey published — all of it, or nothing when the server refuses any part.
import { validateGraph } from "@mailstream/journey/validate";
import { describeServerError, type Server } from "./client";
import { journeyFileToGraph, templateContentOf, workspaceReferencesOf, type RefMaps } from "./convert";
import type { JourneyFile, TemplateFile } from "./file-schemas";
import type { CliIo } from "./io";
import { loadFileSet, type FileSet, type Loaded } from "./load-file-set";
import { byName, listJourneys, listSegments, listTemplates, listTopics } from "./workspace";

export interface PushOptions {
  files: string[];
  dir: string | undefined;
  publish: boolean;
}

type Workspace = {
  templates: Map<string, { id: string; name: string }[]>;
  journeys: Map<string, { id: string; name: string; status: string }[]>;
  segments: Map<string, { id: string; name: string }[]>;
  topics: Map<string, { id: string; name: string }[]>;
};

/** name → id of each name the workspace holds once (a missing or repeated name is a problem checkNames reports). */
const uniqueIds = (named: Map<string, { id: string }[]>) =>
  new Map([...named].flatMap(([name, found]) => (found.length === 1 ? [[name, (found[0] as { id: string }).id]] : [])));

/** How to make a missing segment or topic, said with the problem (push does not create them). */
const HOW_TO_CREATE = {
  segment: "create it under Segments (or segments.create) with the definition it has at the source",
  topic: "create it under Settings → Subscription topics (or topics.create)",
} as const;

/** A template that exists only in the file set stands in the validator under this id until it is created. */
const pendingId = (name: string) => `(new template "${name}")`;

/** name → the id a step will use: for templates the file set's (pending or existing) or the workspace's unique one. */
function resolveIds(set: FileSet, workspace: Workspace): RefMaps & { template: Map<string, string> } {
  const templates = uniqueIds(workspace.templates);
  for (const { value } of set.templates)
    templates.set(value.name, workspace.templates.get(value.name)?.[0]?.id ?? pendingId(value.name));
  return { template: templates, segment: uniqueIds(workspace.segments), topic: uniqueIds(workspace.topics) };
}

/** Each segment and topic a journey's steps name must be exactly one of the workspace's. */
function checkWorkspaceReferences(file: string, journey: JourneyFile, workspace: Workspace): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(journey.steps).sort()) {
    const data = journey.steps[id]?.data;
    if (!data) continue;
    for (const { kind, field, name } of workspaceReferencesOf(data)) {
      const found = (kind === "segment" ? workspace.segments : workspace.topics).get(name) ?? [];
      if (found.length === 0)
        problems.push(
          `${file}: step ${id}: ${field}: no ${kind} named "${name}" in the workspace; ${HOW_TO_CREATE[kind]}, then push again`,
        );
      else if (found.length > 1)
        problems.push(
          `${file}: step ${id}: ${field}: ${found.length} ${kind}s in the workspace are named "${name}" (${found.map((item) => item.id).join(", ")}); rename all but one`,
        );
    }
  }
  return problems;
}

function checkNames(set: FileSet, workspace: Workspace, publish: boolean): string[] {
  const problems: string[] = [];
  const inSet = new Set(set.templates.map(({ value }) => value.name));
  for (const { file, value } of set.templates) {
    const count = workspace.templates.get(value.name)?.length ?? 0;
    if (count > 1)
      problems.push(`${file}: name: ${count} templates in the workspace are named "${value.name}"; rename all but one`);
  }
  for (const { file, value } of set.journeys) {
    const existing = workspace.journeys.get(value.name) ?? [];
    if (existing.length > 1)
      problems.push(
        `${file}: name: ${existing.length} journeys in the workspace are named "${value.name}"; rename all but one`,
      );
    if (publish && existing[0]?.status === "archived")
      problems.push(`${file}: name: "${value.name}" is archived in the workspace and cannot be published`);
    problems.push(...checkWorkspaceReferences(file, value, workspace));
    for (const id of Object.keys(value.steps).sort()) {
      const data = value.steps[id]?.data;
      if (data?.kind !== "email" || data.template === null || inSet.has(data.template)) continue;
      const count = workspace.templates.get(data.template)?.length ?? 0;
      if (count === 0)
        problems.push(
          `${file}: step ${id}: data.template: no template named "${data.template}" in the file set or the workspace`,
        );
      else if (count > 1)
        problems.push(
          `${file}: step ${id}: data.template: ${count} templates in the workspace are named "${data.template}"; add its template file or rename the others`,
        );
    }
  }
  return problems;
}

/** The journey validator publishing runs, with templates and segments resolved by name. */
function checkGraphs(set: FileSet, ids: RefMaps): string[] {
  const problems: string[] = [];
  const known = new Set(ids.template.values());
  for (const { file, value } of set.journeys) {
    const graph = journeyFileToGraph(value, ids);
    // A segment name the workspace lacks is already a problem of its own, so it passes here as known.
    const segmentIds = new Set(
      Object.values(value.steps).flatMap((step) =>
        workspaceReferencesOf(step.data).flatMap((ref) =>
          ref.kind === "segment" ? [ids.segment.get(ref.name) ?? ref.name] : [],
        ),
      ),
    );
    for (const issue of validateGraph(graph, { templateIds: known, segmentIds })) {
      // checkNames already named each template it cannot find, by name rather than by id.
      if (issue.code === "unknown_template") continue;
      const where =
        issue.nodeId !== null ? `step ${issue.nodeId}: ` : issue.edgeId ? `connection ${issue.edgeId}: ` : "";
      problems.push(`${file}: ${where}${issue.code}: ${issue.message}`);
    }
  }
  return problems;
}

/** The server renders each template (Liquid syntax, blocks) without saving it. */
async function checkTemplatesRender(server: Server, templates: Loaded<TemplateFile>[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { file, value } of templates) {
    // Required variables are left out: an empty sample lacks them all, and that is not a problem of the file.
    const { subject, preheader, body, blocks } = templateContentOf(value);
    try {
      const preview = await server.templates.preview.query({ content: { subject, preheader, body, blocks } });
      if (!preview.ok)
        problems.push(
          `${file}: ${preview.blockId ? `blocks (${preview.blockId}).` : ""}${preview.field ?? "content"}: ${preview.message}`,
        );
    } catch (error) {
      problems.push(...describeServerError(error).map((line, index) => (index === 0 ? `${file}: ${line}` : line)));
    }
  }
  return problems;
}

async function readWorkspace(server: Server): Promise<Workspace> {
  const [templates, journeys, segments, topics] = await Promise.all([
    listTemplates(server),
    listJourneys(server),
    listSegments(server),
    listTopics(server),
  ]);
  return {
    templates: byName(templates),
    journeys: byName(journeys),
    segments: byName(segments),
    topics: byName(topics),
  };
}

type Pushed = Awaited<ReturnType<Server["journeys"]["push"]["mutate"]>>;

function reportPushed(io: CliIo, pushed: Pushed) {
  for (const { name, outcome } of pushed.templates) io.out(`template "${name}": ${outcome}`);
  for (const { name, draft, published } of pushed.journeys) {
    io.out(
      `journey "${name}": ${draft === "unchanged" ? "draft unchanged" : `draft saved${draft === "created" ? " (new journey)" : ""}`}`,
    );
    if (published)
      io.out(
        published.isNew
          ? `journey "${name}": published as version ${published.version}`
          : `journey "${name}": live version ${published.version} is already this graph`,
      );
  }
}

export async function push(server: Server, io: CliIo, options: PushOptions): Promise<number> {
  const set = await loadFileSet(io.cwd, options.files, options.dir);
  const problems = [...set.problems];
  // Schema problems first: the cross-file checks below read only files that parsed.
  const workspace = await readWorkspace(server);
  problems.push(...checkNames(set, workspace, options.publish));
  problems.push(...checkGraphs(set, resolveIds(set, workspace)));
  problems.push(...(await checkTemplatesRender(server, set.templates)));
  if (problems.length > 0) {
    for (const problem of problems) io.err(problem);
    io.err(`Nothing was pushed: ${problems.length} problem${problems.length === 1 ? "" : "s"}.`);
    return 1;
  }

  // One call, one transaction on the server (journeys.push): the whole set lands, or nothing does.
  const ids = resolveIds(set, workspace);
  const bundle = {
    templates: set.templates.map(({ value }) => {
      const { fromAddress, replyTo, name, ...content } = templateContentOf(value);
      return { ref: pendingId(name), name, content, fromAddress, replyTo };
    }),
    journeys: set.journeys.map(({ value }) => ({ name: value.name, graph: journeyFileToGraph(value, ids) })),
    publish: options.publish,
  };
  try {
    reportPushed(io, await server.journeys.push.mutate(bundle));
  } catch (error) {
    for (const line of describeServerError(error)) io.err(line);
    io.err("Nothing was pushed.");
    return 1;
  }
  return 0;
}
