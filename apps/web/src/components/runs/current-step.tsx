"use client";
// Where a run is, as every run view shows it: the step's name and, for a pause, when it
// resumes; a finished run says how it finished instead. The state itself comes from the one
// run-path computation (@mailstream/journey/run-path) the API applies.
import type { RunPosition, StepState } from "@mailstream/journey/run-path";
import { Time } from "@/components/ui/time";

export const STEP_STATE_LABELS: Record<StepState, string> = {
  done: "Done",
  current: "Current",
  waiting: "Waiting",
  cut_short: "Cut short",
};

const FINISHED_LABELS: Record<string, string> = { completed: "Done", exited: "Exited", failed: "Failed" };

/** "resumes at 6 Dec 2026, 20:15:03", or for an event wait "waiting for checkout, at the latest …". */
export function PauseEnd({ step }: { step: Pick<RunPosition, "resumesAt" | "waitingFor"> }) {
  if (!step.resumesAt) return step.waitingFor ? <>waiting for {step.waitingFor}</> : null;
  return (
    <>
      {step.waitingFor ? `waiting for ${step.waitingFor}, resumes at the latest ` : "resumes at "}
      <Time value={step.resumesAt} testId="run-resumes-at" />
    </>
  );
}

export function CurrentStep({ status, position }: { status: string; position: RunPosition | null }) {
  if (!position) return <span className="muted">{FINISHED_LABELS[status] ?? "Starting…"}</span>;
  return (
    <span>
      {position.name}
      {position.state === "waiting" ? (
        <span className="muted">
          {" "}
          · <PauseEnd step={position} />
        </span>
      ) : null}
    </span>
  );
}
