// Ready-made graphs: the seeded "Welcome" journey and small shapes that tests and the
// canvas's "new journey" start from. Plain data, no I/O.
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeData } from "./schema";

function node(id: string, data: NodeData, y: number): JourneyNode {
  return { id, position: { x: 0, y }, data };
}

function edge(source: string, target: string): JourneyEdge {
  return { id: `${source}->${target}`, source, target, sourceHandle: null };
}

/** trigger → email → wait → email → exit, node ids stable so metrics per node survive re-seeding. */
export function buildWelcomeGraph(
  templates: { welcome: string; gettingStarted: string },
  waitMinutes = 1,
): JourneyGraph {
  const nodes = [
    node("trigger", { kind: "trigger", event: "signed_up", filters: [] }, 0),
    node("email-welcome", { kind: "email", templateId: templates.welcome }, 150),
    node("wait-1", { kind: "wait", duration: { amount: waitMinutes, unit: "minutes" } }, 300),
    node("email-getting-started", { kind: "email", templateId: templates.gettingStarted }, 450),
    node("exit", { kind: "exit" }, 600),
  ];
  const edges = nodes.slice(1).map((next, i) => edge((nodes[i] as JourneyNode).id, next.id));
  return { nodes, edges };
}

/**
 * Abandoned cart: added_to_cart → wait for checkout (or `timeoutMinutes`) → if no checkout,
 * branch on cart value → A/B split of two reminder emails. Matched checkouts exit.
 */
export function buildAbandonedCartGraph(
  templates: { reminderA: string; reminderB: string },
  timeoutMinutes = 60,
): JourneyGraph {
  const nodes = [
    node("trigger", { kind: "trigger", event: "added_to_cart", filters: [] }, 0),
    node(
      "wait-checkout",
      {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 1, unit: "hours" },
        untilEvent: {
          event: "checkout",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: timeoutMinutes, unit: "minutes" },
        },
      },
      150,
    ),
    node("exit-purchased", { kind: "exit" }, 300),
    node(
      "branch-value",
      {
        kind: "branch",
        condition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "trigger", path: "properties.value", op: "gt", value: 0 }] }],
        },
      },
      300,
    ),
    node(
      "split-reminder",
      {
        kind: "split",
        variants: [
          { id: "a", name: "Reminder A", weight: 50 },
          { id: "b", name: "Reminder B", weight: 50 },
        ],
        holdoutPercent: 0,
      },
      450,
    ),
    node("email-a", { kind: "email", templateId: templates.reminderA }, 600),
    node("email-b", { kind: "email", templateId: templates.reminderB }, 600),
    node("exit", { kind: "exit" }, 750),
  ];
  const edges: JourneyEdge[] = [
    edge("trigger", "wait-checkout"),
    { ...edge("wait-checkout", "exit-purchased"), sourceHandle: "matched" },
    { ...edge("wait-checkout", "branch-value"), sourceHandle: "timed_out" },
    { ...edge("branch-value", "split-reminder"), sourceHandle: "yes" },
    { ...edge("branch-value", "exit"), sourceHandle: "no" },
    { ...edge("split-reminder", "email-a"), sourceHandle: "a" },
    { ...edge("split-reminder", "email-b"), sourceHandle: "b" },
    edge("email-a", "exit"),
    edge("email-b", "exit"),
  ];
  return { nodes, edges };
}
