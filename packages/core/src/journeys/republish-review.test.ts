// The mapping rule of a republish with "move": defaults by step id and kind, explicit choices
// checked against the new plan, and every refusal naming its step — before anything is written.
import { describe, expect, it } from "vitest";
import { compileGraph } from "@mailstream/journey/compile";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";
import { AppError } from "../errors/app-error";
import { resolveMigrationMapping } from "./republish-review";

function plan(nodes: Parameters<typeof buildLinearGraph>[1]) {
  const compiled = compileGraph(buildLinearGraph("signed_up", nodes));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.plan;
}

// v1: wait-1 → wait-2 → exit-3; v2: wait-1 → email-2 → exit-3 (wait-2 is gone, email-2 is new).
const OLD = plan([{ kind: "wait", seconds: 60 }, { kind: "wait", seconds: 60 }, { kind: "exit" }]);
const NEW = plan([{ kind: "wait", seconds: 60 }, { kind: "email", templateId: "t" }, { kind: "exit" }]);

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("resolveMigrationMapping", () => {
  it("maps a step kept with its kind by default and leaves an empty removed step unmapped", () => {
    expect(resolveMigrationMapping(OLD, NEW, new Map([["wait-1", 5]]), {})).toEqual({
      "wait-1": { to: "wait-1" },
      "exit-3": { to: "exit-3" },
    });
  });

  it("takes explicit choices: another step that can hold a contact, or the end", () => {
    const waiting = new Map([
      ["wait-1", 2],
      ["wait-2", 3],
    ]);
    expect(
      resolveMigrationMapping(OLD, NEW, waiting, { "wait-2": { to: "email-2" }, "wait-1": { end: true } }),
    ).toMatchObject({ "wait-1": { end: true }, "wait-2": { to: "email-2" } });
  });

  it("refuses a removed step with waiting contacts and no choice, naming it", () => {
    const error = refusal(() => resolveMigrationMapping(OLD, NEW, new Map([["wait-2", 1]]), {}));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.issues).toEqual([
      {
        path: "mapping.wait-2",
        message: 'Step "wait-2" has waiting contacts and no longer exists in the new version; map it to a step or end.',
      },
    ]);
  });

  it("refuses targets of the wrong kind, the trigger, unknown steps and unknown sources, each named", () => {
    const error = refusal(() =>
      resolveMigrationMapping(OLD, NEW, new Map([["wait-2", 1]]), {
        "wait-1": { to: "exit-3" },
        "wait-2": { to: "trigger" },
        "exit-3": { to: "nowhere" },
        ghost: { end: true },
      }),
    );
    expect(error.issues?.map((issue) => issue.path)).toEqual([
      "mapping.wait-1",
      "mapping.wait-2",
      "mapping.exit-3",
      "mapping.ghost",
    ]);
    expect(error.issues?.[0]?.message).toContain('"exit-3" (kind: exit), which cannot hold a waiting contact');
    expect(error.issues?.[1]?.message).toContain('cannot move to the trigger "trigger"');
    expect(error.issues?.[2]?.message).toContain('"nowhere", which is not a step of the new version');
    expect(error.issues?.[3]?.message).toContain('"ghost" is not a step of the live version');
  });
});
