"use client";
// The review before publishing over a live version that has active runs: per step of that
// version, how many contacts wait there, and the choice — finish on the old version (the
// default, today's behaviour) or move them to the new one, each step mapped to a step of the
// new version or to the end. After a move it shows the migration's progress until every run
// has settled. Data-agnostic: the caller publishes and reads progress.
import { useEffect, useId, useRef, useState } from "react";
import { END, initialChoices, NONE, toMapping, undecidedSteps, type ReviewStep, type StepChoice } from "./mapping";
import styles from "./republish-dialog.module.css";

export type RunsPlan = { mode: "finish" } | { mode: "move"; mapping: Record<string, { to: string } | { end: true }> };

export interface RepublishReviewData {
  liveVersion: { id: string; version: number } | null;
  activeRuns: number;
  entering: number;
  steps: ReviewStep[];
  targets: { stepId: string; kind: string; label: string }[];
}

export interface MigrationProgressData {
  total: number;
  pending: number;
  moved: number;
  ended: number;
  stayed: number;
  failed: number;
  isDone: boolean;
}

/** A step of the new version a contact may be moved to (waits and emails). */
function isTarget(review: RepublishReviewData, stepId: string): boolean {
  return review.targets.some((target) => target.stepId === stepId);
}

interface RepublishDialogProps {
  review: RepublishReviewData;
  /** Publishes with the plan; rejects with a message to show (nothing was published). */
  onConfirm: (runs: RunsPlan) => Promise<void>;
  onCancel: () => void;
  /** After a move: the migration's counts (null until the first read). */
  progress: MigrationProgressData | null;
  /** The move was published: the dialog shows progress and a Close button. */
  isMoving: boolean;
  onClose: () => void;
}

export function RepublishDialog(props: RepublishDialogProps) {
  const { review, progress, isMoving } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [mode, setMode] = useState<"finish" | "move">("finish");
  const [choices, setChoices] = useState<Record<string, StepChoice>>(() => initialChoices(review.steps));
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const oldVersion = review.liveVersion?.version ?? 0;
  const undecided = mode === "move" ? undecidedSteps(review.steps, choices) : [];

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const confirm = async () => {
    setIsPending(true);
    setError(null);
    try {
      await props.onConfirm(mode === "finish" ? { mode } : { mode, mapping: toMapping(review.steps, choices) });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setIsPending(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (isMoving) props.onClose();
        else if (!isPending) props.onCancel();
      }}
    >
      <h2 id={titleId}>{isMoving ? "Moving contacts to the new version" : "Publish over a live version"}</h2>
      {isMoving ? (
        <MovingProgress progress={progress} />
      ) : (
        <>
          <p>
            {review.activeRuns} contact{review.activeRuns === 1 ? " is" : "s are"} in version {oldVersion} now
            {review.entering > 0 ? ` (${review.entering} just entering)` : ""}. New entrants get the new version either
            way.
          </p>
          <fieldset className={styles.choices}>
            <legend className={styles.hint}>What happens to them?</legend>
            <label>
              <input type="radio" name="runs" checked={mode === "finish"} onChange={() => setMode("finish")} />
              <span>
                Finish on version {oldVersion} <span className={styles.hint}>(default: nothing changes for them)</span>
              </span>
            </label>
            <label>
              <input type="radio" name="runs" checked={mode === "move"} onChange={() => setMode("move")} />
              <span>
                Move them to the new version{" "}
                <span className={styles.hint}>(each continues at the step you map its step to)</span>
              </span>
            </label>
          </fieldset>
          <table className={styles.table} aria-label={`Contacts waiting in version ${oldVersion}`}>
            <thead>
              <tr>
                <th>Step of version {oldVersion}</th>
                <th className={styles.count}>Waiting</th>
                {mode === "move" ? <th>Moves to</th> : null}
              </tr>
            </thead>
            <tbody>
              {review.steps.map((step) => (
                <tr key={step.stepId} data-step={step.stepId}>
                  <td>
                    {step.label}
                    <span className={styles.kind}>{step.stepId}</span>
                    {mode === "move" && undecided.includes(step.stepId) ? (
                      <div className={styles.missing}>Not in the new version: choose a step or end</div>
                    ) : null}
                  </td>
                  <td className={styles.count}>{step.waiting}</td>
                  {mode === "move" ? (
                    <td>
                      <select
                        aria-label={`Where contacts at ${step.stepId} go`}
                        value={choices[step.stepId] ?? NONE}
                        onChange={(event) => setChoices({ ...choices, [step.stepId]: event.target.value })}
                      >
                        {step.defaultTarget !== null && !isTarget(review, step.defaultTarget) ? (
                          <option value={step.defaultTarget}>The same step</option>
                        ) : null}
                        {step.defaultTarget === null ? (
                          <option value={NONE}>
                            {step.waiting > 0 ? "Choose…" : `Nobody here: stay on version ${oldVersion}`}
                          </option>
                        ) : null}
                        {review.targets.map((target) => (
                          <option key={target.stepId} value={target.stepId}>
                            {target.label}
                          </option>
                        ))}
                        <option value={END}>End their run</option>
                      </select>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {error ? (
            <p className={styles.error} role="alert">
              {error}
            </p>
          ) : null}
        </>
      )}
      <div className={styles.actions}>
        {isMoving ? (
          <button type="button" className="btn btn-primary" onClick={props.onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="btn" disabled={isPending} onClick={props.onCancel}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={isPending || undecided.length > 0}
              onClick={() => void confirm()}
            >
              {isPending ? "Publishing…" : mode === "move" ? "Publish and move" : "Publish"}
            </button>
          </>
        )}
      </div>
    </dialog>
  );
}

function MovingProgress({ progress }: { progress: MigrationProgressData | null }) {
  if (!progress) return <p>Sending the move to each contact…</p>;
  const settled = progress.total - progress.pending;
  return (
    <div className={styles.progress} role="status" aria-live="polite">
      <p>
        {progress.isDone ? "Done" : "In progress"}: {settled} of {progress.total} settled.
      </p>
      <ul>
        <li>{progress.moved} moved to the new version</li>
        {progress.ended > 0 ? <li>{progress.ended} ended</li> : null}
        {progress.stayed > 0 ? <li>{progress.stayed} stayed on the old version (their step had no mapping)</li> : null}
        {progress.failed > 0 ? <li>{progress.failed} could not be reached (no open run)</li> : null}
        {progress.pending > 0 ? <li>{progress.pending} waiting for their run to reach a safe point</li> : null}
      </ul>
    </div>
  );
}
