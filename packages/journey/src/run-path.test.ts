import { describe, expect, it } from "vitest";
import { buildRunPath, nameStep, pauseEnd, type RecordedStep } from "./run-path";
import type { JourneyGraph } from "./schema";

const graph: JourneyGraph = {
  nodes: [
    { id: "trigger-1", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "signed_up", filters: [] } },
    { id: "email-1", position: { x: 0, y: 0 }, data: { kind: "email", templateId: "t-1" } },
    { id: "email-2", position: { x: 0, y: 0 }, data: { kind: "email", templateId: "t-gone" } },
    { id: "wait-1", position: { x: 0, y: 0 }, data: { kind: "wait", duration: { amount: 20, unit: "seconds" } } },
    {
      id: "wait-2",
      position: { x: 0, y: 0 },
      data: {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 1, unit: "days" },
        untilEvent: { event: "checkout", filters: [], matchOnEntryKey: false, timeout: { amount: 1, unit: "hours" } },
      },
    },
    { id: "exit-1", position: { x: 0, y: 0 }, data: { kind: "exit" } },
  ],
  edges: [],
};
const names = new Map([["email-1", "Welcome"]]);

const step = (seq: number, patch: Partial<RecordedStep>): RecordedStep => ({
  seq,
  nodeId: "trigger-1",
  kind: "trigger",
  outcome: "entered",
  detail: {},
  at: "2026-12-06T10:00:00.000Z",
  ...patch,
});

const entered = step(1, {});
const sent = step(2, { nodeId: "email-1", kind: "email", outcome: "sent", at: "2026-12-06T10:00:01.000Z" });
const waiting = step(3, {
  nodeId: "wait-1",
  kind: "wait",
  outcome: "waiting",
  detail: { durationMs: 20_000 },
  at: "2026-12-06T10:00:02.000Z",
});

describe("nameStep", () => {
  it("names email steps by their template and waits by what they wait for", () => {
    expect(nameStep("email-1", "email", graph, names)).toBe('Email · "Welcome"');
    expect(nameStep("email-2", "email", graph, names)).toBe("Email · template deleted");
    expect(nameStep("wait-1", "wait", graph, names)).toBe("Wait · 20 seconds");
    expect(nameStep("wait-2", "wait", graph, names)).toBe("Wait · for checkout");
    expect(nameStep("trigger-1", "trigger", graph, names)).toBe("Trigger · signed_up");
    expect(nameStep("exit-1", "exit", graph, names)).toBe("Exit");
  });

  it("names journey-level steps and nodes missing from the graph", () => {
    expect(nameStep("goal", "goal", graph, names)).toBe("Goal");
    expect(nameStep("gone-1", "webhook", graph, names)).toBe("Webhook · gone-1");
    expect(nameStep("gone-1", "something_new", undefined, names)).toBe("something_new · gone-1");
  });
});

describe("pauseEnd", () => {
  it("prefers the stored end, then a wait-until target, then the step time plus the duration", () => {
    expect(pauseEnd({ ...waiting, detail: { durationMs: 20_000, resumesAt: "2026-12-06T10:00:22.500Z" } })).toBe(
      "2026-12-06T10:00:22.500Z",
    );
    expect(pauseEnd({ ...waiting, detail: { targetAt: "2026-12-07T09:00:00.000Z" } })).toBe("2026-12-07T09:00:00.000Z");
    expect(pauseEnd(waiting)).toBe("2026-12-06T10:00:22.000Z");
    expect(pauseEnd({ ...waiting, detail: { event: "checkout", timeoutMs: 3_600_000 } })).toBe(
      "2026-12-06T11:00:02.000Z",
    );
    expect(pauseEnd({ ...sent, outcome: "deferred", detail: { until: "2026-12-06T21:00:00.000Z" } })).toBe(
      "2026-12-06T21:00:00.000Z",
    );
    expect(pauseEnd(sent)).toBeNull();
  });
});

describe("buildRunPath", () => {
  it("puts a running run at its wait, with when it resumes", () => {
    const path = buildRunPath({ status: "active", endedAt: null }, [waiting, entered, sent], graph, names);
    expect(path.steps.map((s) => [s.seq, s.state])).toEqual([
      [1, "done"],
      [2, "done"],
      [3, "waiting"],
    ]);
    expect(path.position).toEqual({
      nodeId: "wait-1",
      name: "Wait · 20 seconds",
      state: "waiting",
      resumesAt: "2026-12-06T10:00:22.000Z",
      waitingFor: null,
    });
  });

  it("never shows a finished run as waiting: a wait that ran out is done", () => {
    const path = buildRunPath(
      { status: "completed", endedAt: "2026-12-06T10:00:22.040Z" },
      [entered, sent, waiting],
      graph,
      names,
    );
    expect(path.steps.map((s) => s.state)).toEqual(["done", "done", "done"]);
    expect(path.position).toBeNull();
  });

  it("marks a pause the run left early (exit, goal) as cut short", () => {
    const path = buildRunPath(
      { status: "exited", endedAt: "2026-12-06T10:00:05.000Z" },
      [entered, sent, waiting],
      graph,
      names,
    );
    expect(path.steps.at(-1)?.state).toBe("cut_short");
  });

  it("names what an event wait listens for; a running run on a send is current", () => {
    const eventWait = step(3, { nodeId: "wait-2", kind: "wait", outcome: "waiting", detail: { event: "checkout" } });
    const onWait = buildRunPath({ status: "active", endedAt: null }, [entered, eventWait], graph, names);
    expect(onWait.position?.waitingFor).toBe("checkout");
    const onSend = buildRunPath({ status: "active", endedAt: null }, [entered, sent], graph, names);
    expect(onSend.position).toMatchObject({ nodeId: "email-1", state: "current", resumesAt: null });
    expect(buildRunPath({ status: "active", endedAt: null }, [], graph, names).position).toBeNull();
  });
});
