// "Wait until a date" in journeyRun on the real Temporal dev server and Postgres: the date read
// from a trait (minus an offset) or a trigger property (plus an offset), slept until (dates a
// few seconds away, so real time suffices); a date already past, missing or not a date
// continues at once — the step records `continued` with the reason, the run does not stall.
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import { createContactFixture, createRunFixture, createWorkspaceFixture } from "@mailstream/testing/workflow-fixtures";
import { keepHistory, temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

const DAY = 86_400_000;

function untilDate(source: "trait" | "trigger", path: string, offsetMs: number): Plan {
  const steps: PlanStep[] = [
    { kind: "wait_until_date", id: "wait", source, path, offsetMs, next: "exit" },
    { kind: "exit", id: "exit" },
  ];
  return {
    format: 1,
    trigger: { nodeId: "trigger", event: "order_placed", filters: [] },
    entry: "wait",
    steps: Object.fromEntries(steps.map((step) => [step.id, step])),
  };
}

async function run(
  workers: TestWorkers,
  plan: Plan,
  traits: Record<string, unknown>,
  properties: Record<string, unknown> = {},
) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const { contactId } = await createContactFixture(db, workspaceId, { traits });
  const fixture = await createRunFixture(db, { workspaceId, contactId, plan, properties });
  const handle = await workers.startRun(fixture.input, fixture.workflowId);
  expect(await handle.result()).toEqual({ status: "completed" });
  const steps = await findRunSteps(db, fixture.runId);
  return { handle, steps, log: steps.map((step) => [step.nodeId, step.outcome]), wait: steps[1]?.detail ?? {} };
}

describe("wait until a date", () => {
  temporalWorkersTest("sleeps until a trait's date minus the offset", async ({ workers }) => {
    const renewalAt = new Date(Date.now() + DAY + 2_000).toISOString();
    const result = await run(workers, untilDate("trait", "renewal_at", -DAY), { renewal_at: renewalAt });
    expect(result.log).toEqual([
      ["trigger", "entered"],
      ["wait", "waiting"],
      ["exit", "exited"],
    ]);
    expect(result.wait).toEqual({
      mode: "wait_until_date",
      targetAt: new Date(Date.parse(renewalAt) - DAY).toISOString(),
    });
    // The exit was recorded once the target had passed.
    expect(result.steps[2]?.at.getTime()).toBeGreaterThanOrEqual(Date.parse(String(result.wait.targetAt)));
    await keepHistory(result.handle, "journey-run-until-date.json");
  });

  temporalWorkersTest("sleeps until a trigger property's date (epoch seconds) plus the offset", async ({ workers }) => {
    const shippedAt = Math.floor((Date.now() - 3_600_000) / 1000);
    const result = await run(
      workers,
      untilDate("trigger", "properties.shipped_at", 3_600_000 + 3_000),
      {},
      { shipped_at: shippedAt },
    );
    expect(result.log).toEqual([
      ["trigger", "entered"],
      ["wait", "waiting"],
      ["exit", "exited"],
    ]);
    expect(result.wait).toEqual({
      mode: "wait_until_date",
      targetAt: new Date(shippedAt * 1000 + 3_600_000 + 3_000).toISOString(),
    });
    expect(result.steps[2]?.at.getTime()).toBeGreaterThanOrEqual(Date.parse(String(result.wait.targetAt)));
  });

  temporalWorkersTest(
    "continues at once when the date has passed, is missing, or is not a date",
    async ({ workers }) => {
      const past = await run(workers, untilDate("trait", "renewal_at", 0), { renewal_at: "2020-05-01T00:00:00Z" });
      expect(past.log).toEqual([
        ["trigger", "entered"],
        ["wait", "continued"],
        ["exit", "exited"],
      ]);
      expect(past.wait).toEqual({ mode: "wait_until_date", targetAt: "2020-05-01T00:00:00.000Z" });

      const missing = await run(workers, untilDate("trigger", "properties.delivery_date", DAY), {}, { total: 10 });
      expect(missing.log).toEqual([
        ["trigger", "entered"],
        ["wait", "continued"],
        ["exit", "exited"],
      ]);
      expect(missing.wait).toEqual({
        mode: "wait_until_date",
        targetAt: null,
        reason: 'trigger "properties.delivery_date" is not set',
      });

      const invalid = await run(workers, untilDate("trait", "renewal_at", 0), { renewal_at: "someday" });
      expect(invalid.log).toEqual([
        ["trigger", "entered"],
        ["wait", "continued"],
        ["exit", "exited"],
      ]);
      expect(invalid.wait).toEqual({
        mode: "wait_until_date",
        targetAt: null,
        reason: 'trait "renewal_at" is not a date',
      });
    },
  );
});
