// The pure arithmetic of computed traits: what one event contributes to a trait, and how a
// contribution folds into the stored value. Shared by the per-event update and the
// recompute from history, so both always agree.
import { matchesFilters, readPath } from "@mailstream/journey/filters";
import type { PropertyFilter } from "@mailstream/journey/schema";

export type ComputedTraitKind = "count" | "sum" | "first_seen" | "last_seen" | "last_value";

export interface TraitDefinitionShape {
  kind: ComputedTraitKind;
  property: string | null;
  filters: PropertyFilter[];
}

/** The part of a stored track event a trait looks at (filters address it like trigger filters). */
export interface TraitEventInput {
  event: string | null;
  timestamp: Date;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** What an event adds: `{ value }`, or null when it does not count (filter miss, no numeric property). */
export function traitContribution(definition: TraitDefinitionShape, event: TraitEventInput): { value: unknown } | null {
  const subject = {
    event: event.event,
    properties: event.properties,
    traits: event.traits,
    context: event.context,
    timestamp: event.timestamp.toISOString(),
  };
  if (!matchesFilters(subject, definition.filters)) return null;
  switch (definition.kind) {
    case "count":
      return { value: 1 };
    case "sum": {
      const raw = definition.property ? readPath(event.properties, definition.property) : undefined;
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : null;
    }
    case "first_seen":
    case "last_seen":
      return { value: event.timestamp.toISOString() };
    case "last_value": {
      const raw = definition.property ? readPath(event.properties, definition.property) : undefined;
      return raw === undefined ? null : { value: raw };
    }
  }
}

/** Folds a contribution into the current value (undefined = the contact has none yet). */
export function foldTraitValue(kind: ComputedTraitKind, current: unknown, contribution: unknown): unknown {
  if (current === undefined) return contribution;
  switch (kind) {
    case "count":
    case "sum":
      // Rounded to 1e-9 so repeated float sums of money stay readable (0.1 + 0.2).
      return Math.round((Number(current) + Number(contribution)) * 1e9) / 1e9;
    case "first_seen":
      return String(contribution) < String(current) ? contribution : current;
    case "last_seen":
      return String(contribution) > String(current) ? contribution : current;
    case "last_value":
      return contribution;
  }
}
