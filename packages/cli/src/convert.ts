// A journey's graph ↔ its journey file, and a template ↔ its template file. The file keys its
// steps by id in place of the canvas's node list and names what steps use — an email's
// template and topic, a trigger's or branch predicate's segment; turning a file back into a
// graph needs the target workspace's ids by name.
import type { EmailNodeData, JourneyGraph, JourneyNode, NodeData, Predicate } from "@mailstream/journey/schema";
import type { FileBranchData, FileStep, FileStepData, JourneyFile, TemplateFile } from "./file-schemas";

type FilePredicate = FileBranchData["condition"]["groups"][number]["predicates"][number];

/** The template fields a file holds, as the templates router returns them. */
export interface TemplateRecord {
  name: string;
  subject: string;
  preheader: string;
  body: string;
  blocks?: unknown[] | null | undefined;
  requiredVariables?: string[] | null | undefined;
  fromAddress: string | null;
  replyTo: string | null;
}

/** What a step refers to by id in a graph and by name in a file. */
export type RefKind = "template" | "segment" | "topic";
/** Per kind, one direction of the mapping: id → name (pull) or name → id (push). */
export type RefMaps = Record<RefKind, ReadonlyMap<string, string>>;

/** An id this file set cannot name (what it points to is missing from the workspace). */
export class UnknownReferenceError extends Error {
  constructor(
    readonly stepId: string,
    readonly kind: RefKind,
    readonly refId: string,
  ) {
    super(
      refId === ""
        ? `step ${stepId}: no ${kind} is chosen`
        : `step ${stepId}: ${kind} ${refId} does not exist in this workspace`,
    );
  }
}

/** A segment or topic name a journey file's step uses, with the field that holds it. */
export interface WorkspaceReference {
  kind: "segment" | "topic";
  field: string;
  name: string;
}

type BranchLike<P> = {
  condition: { match: "all" | "any"; groups: { match: "all" | "any"; predicates: P[] }[] };
  cases?: { id: string; name: string; condition: BranchLike<P>["condition"] }[] | undefined;
};

/** A branch's data with every predicate mapped; `field` is the predicate's path, as schema problems name it. */
function mapPredicates<P, Q, B extends BranchLike<P>>(
  data: B,
  map: (predicate: P, field: string) => Q,
): Omit<B, "condition" | "cases"> & BranchLike<Q> {
  const mapCondition = (condition: BranchLike<P>["condition"], at: string) => ({
    ...condition,
    groups: condition.groups.map((group, g) => ({
      ...group,
      predicates: group.predicates.map((predicate, p) => map(predicate, `${at}.groups.${g}.predicates.${p}`)),
    })),
  });
  return {
    ...data,
    condition: mapCondition(data.condition, "data.condition"),
    ...(data.cases
      ? {
          cases: data.cases.map((branchCase, c) => ({
            ...branchCase,
            condition: mapCondition(branchCase.condition, `data.cases.${c}.condition`),
          })),
        }
      : {}),
  };
}

/** A step's config with its ids replaced by names; an id without a name throws UnknownReferenceError. */
function toFileData(stepId: string, data: NodeData, names: RefMaps): FileStepData {
  const name = (kind: RefKind, id: string) => {
    const found = names[kind].get(id);
    if (found === undefined) throw new UnknownReferenceError(stepId, kind, id);
    return found;
  };
  switch (data.kind) {
    case "email": {
      const { templateId, topicId, ...rest } = data;
      return {
        ...rest,
        template: templateId === null || templateId === "" ? null : name("template", templateId),
        ...(topicId === undefined ? {} : { topic: topicId === null ? null : name("topic", topicId) }),
      };
    }
    case "trigger": {
      const { segmentId, ...rest } = data;
      return {
        ...rest,
        ...(segmentId === undefined || segmentId === "" ? {} : { segment: name("segment", segmentId) }),
      };
    }
    case "branch":
      return mapPredicates<Predicate, FilePredicate, typeof data>(data, (predicate) => {
        if (predicate.type !== "segment") return predicate;
        const { segmentId, ...rest } = predicate;
        return { ...rest, segment: name("segment", segmentId) };
      });
    default:
      return data;
  }
}

/** A file step's config with names replaced by ids; a name without an id is kept (push reports it first). */
function toNodeData(data: FileStepData, ids: RefMaps): NodeData {
  const id = (kind: RefKind, name: string) => ids[kind].get(name) ?? name;
  switch (data.kind) {
    case "email": {
      const { template, topic, ...rest } = data;
      const email: EmailNodeData = {
        ...rest,
        templateId: template === null ? null : id("template", template),
        ...(topic === undefined ? {} : { topicId: topic === null ? null : id("topic", topic) }),
      };
      return email;
    }
    case "trigger": {
      const { segment, ...rest } = data;
      return { ...rest, ...(segment === undefined ? {} : { segmentId: id("segment", segment) }) };
    }
    case "branch":
      return mapPredicates<FilePredicate, Predicate, typeof data>(data, (predicate) => {
        if (predicate.type !== "segment") return predicate;
        const { segment, ...rest } = predicate;
        return { ...rest, segmentId: id("segment", segment) };
      });
    default:
      return data;
  }
}

export function graphToJourneyFile(
  name: string,
  graph: JourneyGraph,
  names: RefMaps,
  schemaPointer: string,
): JourneyFile {
  // Entries, then fromEntries: a step id such as "__proto__" stays a key (assignment would not).
  const steps: [string, FileStep][] = graph.nodes.map((node) => [
    node.id,
    { position: { x: node.position.x, y: node.position.y }, data: toFileData(node.id, node.data, names) },
  ]);
  const connections = graph.edges.map((edge) => [
    edge.id,
    { source: edge.source, target: edge.target, sourceHandle: edge.sourceHandle },
  ]);
  return {
    $schema: schemaPointer,
    name,
    ...(graph.settings ? { settings: graph.settings } : {}),
    steps: Object.fromEntries(steps),
    connections: Object.fromEntries(connections),
  };
}

/** The template names a journey file's email steps use, sorted, each once. */
export function templateNamesOf(file: JourneyFile): string[] {
  const names = new Set<string>();
  for (const step of Object.values(file.steps))
    if (step.data.kind === "email" && step.data.template !== null) names.add(step.data.template);
  return [...names].sort();
}

/** The segments and topics a step names, each with its field (templates are checked apart: files can hold them). */
export function workspaceReferencesOf(data: FileStepData): WorkspaceReference[] {
  if (data.kind === "email")
    return typeof data.topic === "string" ? [{ kind: "topic", field: "data.topic", name: data.topic }] : [];
  if (data.kind === "trigger")
    return data.segment === undefined ? [] : [{ kind: "segment", field: "data.segment", name: data.segment }];
  if (data.kind !== "branch") return [];
  const found: WorkspaceReference[] = [];
  mapPredicates<FilePredicate, FilePredicate, typeof data>(data, (predicate, field) => {
    if (predicate.type === "segment")
      found.push({ kind: "segment", field: `${field}.segment`, name: predicate.segment });
    return predicate;
  });
  return found;
}

/** The graph a journey file stands for; `ids` must hold every name it uses (checked before). */
export function journeyFileToGraph(file: JourneyFile, ids: RefMaps): JourneyGraph {
  // Steps in id order: the order the file keeps, so a pushed graph is the same whatever the source.
  const nodes: JourneyNode[] = Object.keys(file.steps)
    .sort()
    .map((id) => {
      const step = file.steps[id] as FileStep;
      return { id, position: step.position, data: toNodeData(step.data as FileStepData, ids) };
    });
  const edges = Object.keys(file.connections)
    .sort()
    .map((id) => ({ id, ...(file.connections[id] as JourneyFile["connections"][string]) }));
  return { nodes, edges, ...(file.settings ? { settings: file.settings } : {}) };
}

export function templateToFile(template: TemplateRecord, schemaPointer: string): TemplateFile {
  return {
    $schema: schemaPointer,
    name: template.name,
    subject: template.subject,
    preheader: template.preheader,
    body: template.body,
    blocks: (template.blocks ?? null) as TemplateFile["blocks"],
    requiredVariables: template.requiredVariables ?? [],
    fromAddress: template.fromAddress,
    replyTo: template.replyTo,
  };
}

/** A file's content without the pointer: what push saves and diff compares. */
export function templateContentOf(file: TemplateFile): Omit<TemplateFile, "$schema"> {
  const { $schema: _pointer, ...content } = file;
  return { ...content, blocks: content.blocks ?? null, requiredVariables: content.requiredVariables ?? [] };
}
