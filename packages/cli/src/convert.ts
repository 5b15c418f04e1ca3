// A journey's graph ↔ its journey file, and a template ↔ its template file. The graph keys its
// steps by id in place of the canvas's node list and names each email's template; turning a
// file back into a graph needs the target workspace's template ids by name.
import type { EmailNodeData, JourneyGraph, JourneyNode, NodeData } from "@mailstream/journey/schema";
import type { FileStep, JourneyFile, TemplateFile } from "./file-schemas";

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

/** A template id this file set cannot name (its template is missing from the workspace). */
export class UnknownTemplateIdError extends Error {
  constructor(
    readonly stepId: string,
    readonly templateId: string,
  ) {
    super(`step ${stepId}: template ${templateId} does not exist in this workspace`);
  }
}

export function graphToJourneyFile(
  name: string,
  graph: JourneyGraph,
  templateNames: ReadonlyMap<string, string>,
  schemaPointer: string,
): JourneyFile {
  // Entries, then fromEntries: a step id such as "__proto__" stays a key (assignment would not).
  const steps: [string, FileStep][] = [];
  for (const node of graph.nodes) {
    let data: FileStep["data"];
    if (node.data.kind === "email") {
      const { templateId, ...rest } = node.data;
      const templateName = templateId === null || templateId === "" ? null : templateNames.get(templateId);
      if (templateName === undefined) throw new UnknownTemplateIdError(node.id, templateId as string);
      data = { ...rest, template: templateName };
    } else data = node.data;
    steps.push([node.id, { position: { x: node.position.x, y: node.position.y }, data }]);
  }
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

/** The graph a journey file stands for; `templateIds` must hold every name it uses (checked before). */
export function journeyFileToGraph(file: JourneyFile, templateIds: ReadonlyMap<string, string>): JourneyGraph {
  // Steps in id order: the order the file keeps, so a pushed graph is the same whatever the source.
  const nodes: JourneyNode[] = Object.keys(file.steps)
    .sort()
    .map((id) => {
      const step = file.steps[id] as FileStep;
      let data: NodeData;
      if (step.data.kind === "email") {
        const { template, ...rest } = step.data;
        const email: EmailNodeData = {
          ...rest,
          templateId: template === null ? null : (templateIds.get(template) ?? template),
        };
        data = email;
      } else data = step.data;
      return { id, position: step.position, data };
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
