// The review's step mapping as the dialog edits it: one choice per old step — a step of the new
// version, the end of the run, or (only where nobody waits) none, so such runs stay on the old
// version. Mirrors the server's rule (core/journeys/republish-review.ts), which has the last word.
export interface ReviewStep {
  stepId: string;
  kind: string;
  label: string;
  waiting: number;
  defaultTarget: string | null;
}

/** A step id of the new version, `END`, or `NONE` (no choice yet). */
export type StepChoice = string;
export const END = "__end__";
export const NONE = "";

export function initialChoices(steps: readonly ReviewStep[]): Record<string, StepChoice> {
  return Object.fromEntries(steps.map((step) => [step.stepId, step.defaultTarget ?? NONE]));
}

/** Steps with waiting contacts and no choice: the marketer must decide before moving. */
export function undecidedSteps(steps: readonly ReviewStep[], choices: Record<string, StepChoice>): string[] {
  return steps.filter((step) => step.waiting > 0 && (choices[step.stepId] ?? NONE) === NONE).map((step) => step.stepId);
}

/** What `journeys.publishWithPlan` takes: the choices that differ from the default (the server applies those). */
export function toMapping(
  steps: readonly ReviewStep[],
  choices: Record<string, StepChoice>,
): Record<string, { to: string } | { end: true }> {
  const mapping: Record<string, { to: string } | { end: true }> = {};
  for (const step of steps) {
    const choice = choices[step.stepId] ?? NONE;
    if (choice === END) mapping[step.stepId] = { end: true };
    else if (choice !== NONE && choice !== step.defaultTarget) mapping[step.stepId] = { to: choice };
  }
  return mapping;
}
