// The shape of a gallery journey: a ready-made graph (the canvas's own JourneyGraph, with each
// email node naming one of the entry's templates by key instead of a template id), the
// templates it sends, the events it expects, and its journey test file. Plain data; the
// helpers below keep the six definitions short. Instantiating one is create-from-gallery.ts.
import type {
  JourneyEdge,
  JourneyGraph,
  JourneyNode,
  NodeData,
  Condition,
  Predicate,
} from "@mailstream/journey/schema";
import type { JourneyTestFile } from "@mailstream/journey/test-file";
import type { TemplateContent } from "@mailstream/emails/template";

/** An event the journey listens for, with the properties its steps and emails read. */
export interface GalleryEvent {
  name: string;
  /** Property paths the journey reads (`cart_id`, `items[]`); empty when only the name matters. */
  properties: string[];
  /** What the event means and what uses it, for the gallery card. */
  role: string;
}

export interface GalleryTemplate {
  /** The template's name in the workspace (suffixed on a clash). */
  name: string;
  content: TemplateContent;
}

export interface GalleryEntry {
  /** Stable id (`abandoned-cart`): the API names entries by it. */
  id: string;
  name: string;
  description: string;
  events: GalleryEvent[];
  /** Key → template; email nodes' `templateId` holds the key until the journey is created. */
  templates: Record<string, GalleryTemplate>;
  graph: JourneyGraph;
  /** The journey's test file (test-file.ts): every case passes on a fresh instance. */
  tests: JourneyTestFile;
}

const COLUMN_WIDTH = 280;
const ROW_HEIGHT = 150;

/** A node on the canvas grid: column 0 is the main line, negative columns go left. */
export function step(id: string, column: number, row: number, data: NodeData): JourneyNode {
  return { id, position: { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT }, data };
}

/** An edge from `source` (through `outlet` for branches, splits and until-event waits) to `target`. */
export function link(source: string, target: string, outlet: string | null = null): JourneyEdge {
  return {
    id: outlet ? `${source}:${outlet}->${target}` : `${source}->${target}`,
    source,
    target,
    sourceHandle: outlet,
  };
}

/** An email node sending the entry's template `templateKey`. */
export function email(templateKey: string): NodeData {
  return { kind: "email", templateId: templateKey };
}

/** One group of rules, all of which must hold. */
export function allOf(...predicates: Predicate[]): Condition {
  return { match: "all", groups: [{ match: "all", predicates }] };
}

/** One group of rules, any of which may hold. */
export function anyOf(...predicates: Predicate[]): Condition {
  return { match: "all", groups: [{ match: "any", predicates }] };
}
