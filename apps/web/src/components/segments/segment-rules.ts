// Labels and blank rules for the segment builder (the definition model lives in @mailstream/journey).
import type { SegmentPredicate, SegmentPredicateType, SegmentDefinition } from "@mailstream/journey/segment-definition";

export const SEGMENT_RULE_LABELS: Record<SegmentPredicateType, string> = {
  trait: "Contact trait",
  computed_trait: "Computed trait",
  event_count: "Event history: performed…",
  not_performed: "Event history: has not performed…",
  email_engagement: "Email engagement",
  segment: "Segment membership",
};

export function createSegmentRule(type: SegmentPredicateType): SegmentPredicate {
  switch (type) {
    case "trait":
      return { type, path: "", op: "eq", value: undefined };
    case "computed_trait":
      return { type, key: "", op: "gt", value: undefined };
    case "event_count":
      return { type, event: "", filters: [], comparison: "at_least", count: 1, within: { amount: 7, unit: "days" } };
    case "not_performed":
      return { type, event: "", filters: [], within: { amount: 30, unit: "days" } };
    case "email_engagement":
      return { type, action: "opened", within: { amount: 30, unit: "days" } };
    case "segment":
      return { type, segmentId: "", isMember: true };
  }
}

export const EMPTY_DEFINITION: SegmentDefinition = {
  match: "all",
  groups: [{ match: "all", predicates: [createSegmentRule("trait")] }],
};
