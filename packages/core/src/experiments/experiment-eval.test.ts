import { buildAbandonedCartGraph } from "@mailstream/journey/fixtures";
import { DEFAULT_SPLIT_AUTO_WINNER } from "@mailstream/journey/schema";
import { describe, expect, it } from "vitest";
import { armEmails, firstEmailAfter } from "./arm-emails";
import { buildArms, defaultExperimentMetric, MIN_SUCCESSES_FOR_P_BEST } from "./experiment-eval";

const counts = (arm: string, assigned: number, converted: number) => ({
  arm,
  assigned,
  converted,
  sent: assigned,
  unsubscribed: 0,
  complained: 0,
  reached: assigned,
  opened: 0,
  clicked: 0,
});
const names = new Map([
  ["a", "A"],
  ["b", "B"],
]);
const guardrails = DEFAULT_SPLIT_AUTO_WINNER.guardrails;

describe("buildArms", () => {
  it("gives every arm an interval that contains its rate (0/5, 5/5, 1/3)", () => {
    const arms = buildArms(
      [counts("a", 5, 0), counts("b", 5, 5), counts("holdout", 3, 1)],
      names,
      "goal_conversion",
      guardrails,
    );
    for (const arm of arms) {
      expect(arm.low, arm.arm).toBeLessThanOrEqual(arm.rate);
      expect(arm.high, arm.arm).toBeGreaterThanOrEqual(arm.rate);
    }
    expect(arms.map((a) => [a.low, a.high])).toEqual([
      [0, expect.closeTo(0.4345, 3)],
      [expect.closeTo(0.5655, 3), 1],
      [expect.closeTo(0.0615, 3), expect.closeTo(0.7923, 3)],
    ]);
  });

  it("withholds P(best) while the variants have fewer successes than the minimum", () => {
    const none = buildArms([counts("a", 40, 0), counts("b", 40, 0)], names, "goal_conversion", guardrails);
    expect(none.map((a) => a.probabilityBest)).toEqual([null, null]);
    const few = buildArms(
      [counts("a", 40, MIN_SUCCESSES_FOR_P_BEST - 1), counts("b", 40, 0)],
      names,
      "goal_conversion",
      guardrails,
    );
    expect(few.map((a) => a.probabilityBest)).toEqual([null, null]);
    const enough = buildArms(
      [counts("a", 40, MIN_SUCCESSES_FOR_P_BEST), counts("b", 40, 0), counts("holdout", 10, 3)],
      names,
      "goal_conversion",
      guardrails,
    );
    expect(enough[0]?.probabilityBest).toBeGreaterThan(0.95);
    expect((enough[0]?.probabilityBest ?? 0) + (enough[1]?.probabilityBest ?? 0)).toBeCloseTo(1, 5);
    // The hold-out is the baseline, never a candidate.
    expect(enough[2]?.probabilityBest).toBeNull();
  });
});

describe("defaultExperimentMetric", () => {
  it("is the goal when the journey has one, else the click rate", () => {
    expect(defaultExperimentMetric(true)).toBe("goal_conversion");
    expect(defaultExperimentMetric(false)).toBe("click_rate");
  });
});

describe("armEmails", () => {
  it("names each variant by the first email after its outlet", () => {
    const graph = buildAbandonedCartGraph({ reminderA: "tpl-a", reminderB: "tpl-b" });
    expect(firstEmailAfter(graph, "split-reminder", "a")).toBe("email-a");
    expect(firstEmailAfter(graph, "split-reminder", "missing")).toBeNull();
    const templates = new Map([["tpl-a", { name: "Cart reminder", subject: "You left something" }]]);
    const emails = armEmails(graph, "split-reminder", ["a", "b"], templates);
    expect(emails.get("a")).toEqual({
      nodeId: "email-a",
      templateId: "tpl-a",
      templateName: "Cart reminder",
      subject: "You left something",
    });
    // A template that is gone still names the step, without a name.
    expect(emails.get("b")).toMatchObject({ nodeId: "email-b", templateName: null });
  });

  it("looks past waits but not into another split's arms", () => {
    const graph = buildAbandonedCartGraph({ reminderA: "tpl-a", reminderB: "tpl-b" });
    // From the trigger's branch, the split's emails belong to the split, not to the branch.
    graph.nodes.push({
      id: "split-outer",
      position: { x: 0, y: 0 },
      data: { kind: "split", variants: [], holdoutPercent: 0 },
    });
    graph.edges.push({ id: "o", source: "split-outer", target: "split-reminder", sourceHandle: "x" });
    expect(firstEmailAfter(graph, "split-outer", "x")).toBeNull();
    expect(firstEmailAfter(graph, "trigger", "none")).toBeNull();
  });
});
