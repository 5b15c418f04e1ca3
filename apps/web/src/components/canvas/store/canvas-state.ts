// The canvas store's shape, types only: the state, the named actions and what they carry.
// Kept apart from the store's code so the selector hooks (and through them every form) know
// the store by type without importing the code that imports the kinds registry.
import type { Connection, Edge, EdgeChange, Node, NodeChange } from "@xyflow/react";
import type { StoreApi } from "zustand/vanilla";
import type { JourneyGraph, JourneyNode, JourneySettings, NodeData, NodeKind } from "@mailstream/journey/schema";
import type { TemplateOption } from "@/components/canvas/kinds/canvas-kind";
import type { ClipboardSteps } from "./canvas-clipboard";
import type { CanvasHistory } from "./canvas-history";
import type { CanvasIssue } from "./issue-text";

export type JourneyFlowNode = Node<NodeData, NodeKind>;
export type JourneyFlowEdge = Edge;

export interface Position {
  x: number;
  y: number;
}

export interface SegmentOption {
  id: string;
  name: string;
}

/** A step a rule can refer to: an email (engagement) or an until-event wait (its matched event). */
export interface StepNodeOption {
  id: string;
  label: string;
  kind: "email" | "until_event";
}

export type SidePanel = "inspector" | "settings";

/** The issues a rejected publish returned, valid only for the exact graph that was sent. */
export interface PublishRejection {
  key: string;
  issues: CanvasIssue[];
}

/** What actions write. `graph` and the other derived fields are worked out from these. */
export interface CanvasDocument {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  /** Absent until first edited, so an old draft stays byte-equal. */
  settings: JourneySettings | undefined;
  panel: SidePanel;
  /** Undefined while loading. */
  templates: readonly TemplateOption[] | undefined;
  /** Undefined while loading. */
  segments: readonly SegmentOption[] | undefined;
  publishRejection: PublishRejection | null;
}

export interface CanvasDerived {
  /** The drawing as a journey graph; a new object only when the graph really changed. */
  graph: JourneyGraph;
  /** `graphKey(graph)`: for dirty checks and matching a publish rejection. */
  graphKey: string;
  /** The one selected node; null with none or several selected. */
  selectedNode: JourneyNode | null;
  /** How many nodes are selected (box selection and shift-click select several). */
  selectionCount: number;
  templatesById: ReadonlyMap<string, TemplateOption>;
  issues: readonly CanvasIssue[];
  issuesByNode: ReadonlyMap<string, readonly CanvasIssue[]>;
  /** Problems that belong to no node (goal, exit criteria, time zone…). */
  journeyIssues: readonly CanvasIssue[];
  nodeLabels: ReadonlyMap<string, string>;
  stepNodes: readonly StepNodeOption[];
  entryKey: string | undefined;
}

export interface CanvasActions {
  // React Flow's own edits (drag, select, measure, keyboard delete, drawn edges).
  applyNodeChanges(changes: NodeChange<JourneyFlowNode>[]): void;
  applyEdgeChanges(changes: EdgeChange<JourneyFlowEdge>[]): void;
  connect(connection: Connection): void;
  /**
   * A keyboard delete, as one edit: removes the nodes and edges and bridges each removed
   * node's parent to its child (React Flow would report them as separate removals).
   */
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  // The editor's edits.
  selectNode(id: string | null): void;
  /** Adds an unconnected node at a canvas position (drag and drop). Returns its id. */
  addNodeAt(kind: NodeKind, position: Position): string;
  /**
   * Click-to-add: below the selected node (else the lowest one), wired from its free outlet
   * `outlet` (default: the first free one; `freeOutlets` lists them so the editor can ask).
   * A wired outlet is never rewired: with none free the node is placed unconnected beside it.
   * On an empty canvas at `emptyCanvasPosition`. The new node becomes the selection and goes
   * where it overlaps no other. Returns its id.
   */
  addNodeAfterSelection(kind: NodeKind, emptyCanvasPosition: Position, outlet?: string | null): string;
  updateNodeData(id: string, data: NodeData): void;
  removeNode(id: string): void;
  updateSettings(settings: JourneySettings): void;
  // History: every edit above that changes the graph or settings is one undo step, except
  // that a drag and a typing burst in one field (edits < BURST_MS apart) fold into one.
  undo(): void;
  redo(): void;
  /** Ends a typing burst (an inspector field lost focus): the next edit is a new step. */
  sealHistory(): void;
  /** Adds copied steps (fresh ids, their edges, no second trigger) clear of the rest, selected. Returns their ids. */
  pasteSteps(steps: ClipboardSteps, at?: Position): string[];
  /** Copies the selected steps and the edges among them beside the originals. Returns the copies' ids. */
  duplicateSelection(): string[];
  /** Moves nodes to the given positions (a tidy-up) as one step, keeping each edge's route to draw. */
  applyLayout(layout: {
    positions: ReadonlyMap<string, Position>;
    routes?: ReadonlyMap<string, readonly Position[]>;
  }): void;
  /** Replaces the drawing, e.g. after loading a journey. */
  resetGraph(graph: JourneyGraph): void;
  showPanel(panel: SidePanel): void;
  /** Opens the journey settings (clearing the selection), or closes them again. */
  toggleSettings(): void;
  // What the page supplies.
  setCatalog(catalog: {
    templates: readonly TemplateOption[] | undefined;
    segments: readonly SegmentOption[] | undefined;
  }): void;
  setPublishRejection(rejection: PublishRejection | null): void;
}

export type CanvasState = CanvasDocument & CanvasDerived & { history: CanvasHistory; actions: CanvasActions };
export type CanvasStore = StoreApi<CanvasState>;
export type CanvasActionName = keyof CanvasActions;

export interface CanvasStoreOptions {
  graph: JourneyGraph;
  templates?: readonly TemplateOption[] | undefined;
  segments?: readonly SegmentOption[] | undefined;
  /** A read-only view (the metrics canvas) shows no validation issues. */
  isReadOnly?: boolean;
}
