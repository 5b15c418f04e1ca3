// What every node kind provides (kinds/<kind>.ts), and the helpers their checks share. A kind
// owns its node config schema, its plan step schema(s), its validation and its compilation;
// kinds/registry.ts lists them and everything else (unions, labels, outlets) derives from it.
import { durationToMs } from "../durations";
import { opTakesValue, type Duration, type FilterOp, type PropertyFilter } from "../primitives";
import type { ValidationCodeLiteral as ValidationCode, ValidationContext } from "../validation-codes";

export type Push = (code: ValidationCode, message: string) => void;

/** What node checks need to know about the rest of the graph. */
export type GraphFacts = { emailNodeIds: ReadonlySet<string>; entryKey: string | null; hasGoal: boolean };

export interface NodeCheck {
  /** `Wait node "wait-1"`: how messages name the node. */
  name: string;
  ctx: ValidationContext;
  facts: GraphFacts;
  push: Push;
}

/** Target of the edge leaving `nodeId` through `handle` (null = the single unnamed outlet). */
export type NextOf = (nodeId: string, handle: string | null) => string | null;

export interface StepCompile {
  id: string;
  /** Target of the single unnamed outlet. */
  next: string | null;
  nextOf: NextOf;
  ctx: ValidationContext;
}

/** What a kind's compile returns at the least; its own plan-step schema gives the exact type. */
export interface CompiledStep {
  kind: string;
  id: string;
}

export interface NodeKindDefinition<Data extends { kind: string }, Step extends CompiledStep = CompiledStep> {
  kind: Data["kind"];
  /** Human name, used in validation messages and the canvas palette. */
  label: string;
  /**
   * Not a step but a remark on the canvas (the sticky note): no connections in or out, passed
   * over by the graph checks (dead ends, reachability) and by compile.
   */
  isAnnotation?: boolean;
  /** Outlets (source handles) whatever the config; `null` is the single unnamed outlet. */
  staticOutlets: readonly (string | null)[];
  /** The outlets this node offers given its config (defaults to `staticOutlets`). */
  outlets?: (data: Data) => readonly (string | null)[];
  /** Every problem with the node's own config, each pushed with a code. */
  validate(data: Data, check: NodeCheck): void;
  /** The plan step; null for the trigger (it becomes the plan's `trigger`, not a step) and for annotations. */
  compile: ((data: Data, step: StepCompile) => Step) | null;
}

/** Checks the definition against its schema's type (one place for the generic). */
export function defineNodeKind<Data extends { kind: string }, Step extends CompiledStep>(
  definition: NodeKindDefinition<Data, Step>,
): NodeKindDefinition<Data, Step> {
  return definition;
}

export function needsValue(op: FilterOp, value: unknown): boolean {
  return opTakesValue(op) && (value === undefined || value === "");
}

export function isPositive(duration: Duration | undefined): boolean {
  return duration !== undefined && duration.amount > 0 && durationToMs(duration) >= 1;
}

export function checkFilters(filters: readonly PropertyFilter[], where: string, push: Push): void {
  filters.forEach((filter, index) => {
    if (needsValue(filter.op, filter.value))
      push("filter_missing_value", `${where}: filter ${index + 1} on "${filter.path}" (${filter.op}) needs a value`);
  });
}

/**
 * A segment reference must name a segment of the workspace. Without `ctx.segmentIds` (a caller
 * that does not know the workspace's segments) nothing segment-based can be proven runnable.
 */
export function checkSegmentRef(
  segmentId: string | undefined,
  where: string,
  ctx: ValidationContext,
  push: Push,
): void {
  if (!segmentId || segmentId.trim() === "") push("unknown_segment", `${where} needs a segment; choose one`);
  else if (!ctx.segmentIds) push("unknown_segment", `${where} uses a segment, but segments cannot be checked here`);
  else if (!ctx.segmentIds.has(segmentId))
    push("unknown_segment", `${where} uses segment "${segmentId}", which does not exist; choose another`);
}
