// Shared set-up of the "wait until" workflow tests (wait-until-time, wait-until-best-time): the
// plan trigger → the wait → a contact update (proof the run woke) → exit, the runs started with
// every wait resolved before time is skipped, and the wall clock an instant shows in a zone.
import type { Db } from "@mailstream/db/client";
import { findRunById } from "@mailstream/db/queries/runs";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import type { createRunFixture } from "@mailstream/testing/workflow-fixtures";

type WaitStep = Extract<PlanStep, { kind: "wait_until_time" | "wait_until_best_time" }>;
/** A wait step's own fields, for either kind (Omit over each member of the union). */
type WaitFields = WaitStep extends infer Step ? (Step extends WaitStep ? Omit<Step, "id" | "next"> : never) : never;

/** The wait (its id "wait", its next "update"), then `woke = true` on the contact, then exit. */
export function waitThenWakePlan(wait: WaitFields): Plan {
  const steps: PlanStep[] = [
    { ...wait, id: "wait", next: "update" } as WaitStep,
    {
      kind: "update_contact",
      id: "update",
      updates: [{ op: "set", trait: "woke", value: "true", as: "boolean" }],
      next: "exit",
    },
    { kind: "exit", id: "exit" },
  ];
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
    entry: "wait",
    steps: Object.fromEntries(steps.map((step) => [step.id, step])),
  };
}

type Run = Awaited<ReturnType<typeof createRunFixture>>;

/**
 * Starts each run and waits until every one stands at its wait: on a time-skipping server,
 * skipping starts with the first `result()`, so a wait resolved later would see skipped time.
 */
export async function startRunsAtWait<H>(
  db: Db,
  workers: { startRun(input: Run["input"], workflowId: string): Promise<H> },
  runs: readonly Run[],
): Promise<H[]> {
  const handles: H[] = [];
  for (const run of runs) handles.push(await workers.startRun(run.input, run.workflowId));
  for (const run of runs) {
    const deadline = Date.now() + 30_000;
    while ((await findRunById(db, run.runId))?.currentNodeId !== "wait" && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return handles;
}

/** The weekday ("mon") and time ("09:30") `instant` shows on a wall clock in `zone`. */
export function wallClock(instant: string, zone: string): { weekday: string; time: string } {
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...options }).format(new Date(instant));
  return {
    weekday: format({ weekday: "short" }).toLowerCase(),
    time: format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
  };
}
