// Validation codes and context without reference to the kinds, so a kind's own file can use
// them without importing the registry that lists it.
/** Every code a graph, its settings or a kind's shared checks (kinds/kind.ts) report. */
export type ValidationCodeLiteral =
  | "no_trigger"
  | "multiple_triggers"
  | "trigger_missing_event"
  | "trigger_incoming_edge"
  | "filter_missing_value"
  | "duplicate_node_id"
  | "duplicate_edge_id"
  | "dangling_edge"
  | "unknown_outlet"
  | "multiple_outgoing_edges"
  | "exit_outgoing_edge"
  | "dead_end"
  | "unreachable"
  | "email_missing_template"
  | "unknown_template"
  | "wait_invalid_duration"
  | "cycle"
  | "invalid_shape"
  | "wait_invalid_time"
  | "invalid_time_zone"
  | "wait_missing_date_path"
  | "wait_missing_event"
  | "wait_invalid_timeout"
  | "condition_empty"
  | "condition_invalid"
  | "split_invalid"
  | "webhook_invalid_url"
  | "webhook_invalid_header"
  | "update_empty"
  | "update_invalid_trait"
  | "update_invalid_value"
  | "unknown_segment"
  | "goal_invalid"
  | "exit_criterion_invalid"
  | "quiet_hours_invalid"
  | "frequency_cap_invalid"
  | "entry_invalid_cooldown"
  | "entry_invalid_key"
  | "wait_entry_key_missing"
  | "branch_case_invalid"
  | "annotation_edge";

export type ValidationContext = {
  /** Ids of templates that exist in the workspace; when given, email nodes must use one of them. */
  templateIds?: ReadonlySet<string>;
  /**
   * Zone for contacts without a `timezone` trait (default `UTC`), for graphs without
   * `settings`; a graph's own `settings.timeZone` takes precedence.
   */
  fallbackTimeZone?: string;
  /** Ids of the workspace's segments; without it, segment triggers and predicates are rejected. */
  segmentIds?: ReadonlySet<string>;
};
