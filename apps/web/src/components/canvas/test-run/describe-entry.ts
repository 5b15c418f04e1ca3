// Words for a test run's timeline: an offset after entry ("+2 d 3 h"), and what a recorded
// step did and why (a wait's end, a decision's inputs, a deferral's rule), read from the step's
// detail as the workflow recorded it.
import type { TimelineStep } from "@mailstream/journey/test-timeline";

const UNITS = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["min", 60_000],
  ["s", 1_000],
] as const;

/** "+0", "+2 h", "+2 d 3 h" (the two largest units). */
export function formatOffset(ms: number): string {
  if (ms < 1_000) return "+0";
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    if (amount > 0) parts.push(`${amount} ${unit}`);
    rest -= amount * size;
    if (parts.length === 2) break;
  }
  return `+${parts.join(" ")}`;
}

function readDetail(step: TimelineStep): Record<string, unknown> {
  return typeof step.detail === "object" && step.detail !== null ? (step.detail as Record<string, unknown>) : {};
}

/** Why the step ended the way it did, in a line; null when the outcome says it all. */
export function describeStep(step: TimelineStep): string | null {
  const detail = readDetail(step);
  switch (step.outcome) {
    case "waiting":
      return typeof detail.event === "string"
        ? `waits for "${detail.event}"${typeof detail.resumesAt === "string" ? ` until ${detail.resumesAt}` : ""}`
        : typeof detail.resumesAt === "string"
          ? `until ${detail.resumesAt}`
          : null;
    case "matched":
      return `matched event "${String(detail.event)}"`;
    case "timed_out":
      return "timed out: the event did not come";
    case "deferred":
      return `deferred (${String(detail.rule)}): ${String(detail.reason)} — until ${String(detail.until)}`;
    case "converted":
      return `goal met by "${String(detail.event)}"`;
    default:
      break;
  }
  if (Array.isArray(detail.predicates)) {
    return detail.predicates
      .map(
        (p: { type?: string; result?: boolean; input?: unknown }) =>
          `${p.type}: ${JSON.stringify(p.input)} → ${p.result ? "yes" : "no"}`,
      )
      .join("; ");
  }
  if (Array.isArray(detail.cases)) return JSON.stringify(detail.cases);
  if (step.kind === "exit_criterion") return `exit criterion "${String(detail.event)}"`;
  if (typeof detail.reason === "string") return detail.reason;
  if (typeof detail.error === "string") return detail.error;
  return null;
}
