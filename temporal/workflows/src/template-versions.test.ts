// Pinned template versions end to end on the real Temporal dev server and Postgres: a run sends
// the version its plan pinned even after the template (or its partial) is edited; plans without
// a pin send the current template; a missing required value is a recorded skip, not "Hi ,".
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { insertTemplatePartial, updateTemplatePartial } from "@mailstream/db/queries/template-partials";
import { updateTemplate } from "@mailstream/db/queries/templates";
import { messages } from "@mailstream/db/schema";
import type { Block } from "@mailstream/emails/blocks";
import { pinTemplateVersion } from "@mailstream/core/templates/load-template";
import type { Plan } from "@mailstream/journey/plan";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";

function blocksSaying(words: string, partialId: string): Block[] {
  return [
    { type: "heading", id: "h", level: 1, text: `${words} for {{ contact.first_name }}` },
    { type: "partial", id: "footer", partialId },
  ];
}

/** Runs the plan for a fresh contact to completion; returns the email it sent (or null) and the step log. */
async function runPlan(
  workers: TestWorkers,
  workspaceId: string,
  plan: Plan,
  traits: Record<string, unknown> = { first_name: "Ada" },
) {
  const { db } = workers;
  const { contactId } = await createContactFixture(db, workspaceId, { traits });
  const run = await createRunFixture(db, { workspaceId, contactId, plan });
  const handle = await workers.startRun(run.input, run.workflowId);
  await handle.result();
  const [message] = await db.select().from(messages).where(eq(messages.runId, run.runId));
  const steps = await findRunSteps(db, run.runId);
  return { text: message?.text ?? null, steps };
}

function pinned(plan: Plan, versionId: string): Plan {
  const steps = Object.fromEntries(
    Object.entries(plan.steps).map(([id, step]) => [
      id,
      step.kind === "email" ? { ...step, templateVersionId: versionId } : step,
    ]),
  );
  return { ...plan, steps };
}

describe("template versions", () => {
  temporalWorkersTest(
    "a running version keeps its content until re-pinned; unpinned plans use the current template",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const partial = await insertTemplatePartial(db, workspaceId, {
        name: "Footer",
        blocks: [{ type: "text", id: "f", text: "Footer one" }],
      });
      const { templateId } = await createTemplateFixture(db, workspaceId, {
        subject: "Hello {{ contact.first_name }}",
      });
      await updateTemplate(db, workspaceId, templateId, { blocks: blocksSaying("Version A", partial.id) });
      const plan = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);

      const first = await pinTemplateVersion(db, workspaceId, templateId);
      expect(first).toMatchObject({ version: 1, isNew: true });
      expect(await pinTemplateVersion(db, workspaceId, templateId)).toEqual({ ...first, isNew: false });
      const planV1 = pinned(plan, first.versionId);
      expect((await runPlan(workers, workspaceId, planV1)).text).toMatch(/VERSION A FOR ADA[\s\S]*Footer one/);

      // Edit the draft and the partial: the pinned version does not change, the unpinned plan does.
      await updateTemplate(db, workspaceId, templateId, { blocks: blocksSaying("Version B", partial.id) });
      await updateTemplatePartial(db, workspaceId, partial.id, {
        blocks: [{ type: "text", id: "f", text: "Footer two" }],
      });
      const stillV1 = await runPlan(workers, workspaceId, planV1);
      expect(stillV1.text).toContain("VERSION A FOR ADA");
      expect(stillV1.text).toContain("Footer one");
      const unpinned = await runPlan(workers, workspaceId, plan);
      expect(unpinned.text).toContain("VERSION B FOR ADA");
      expect(unpinned.text).toContain("Footer two");

      // Re-publishing pins a new version with both edits.
      const second = await pinTemplateVersion(db, workspaceId, templateId);
      expect(second).toMatchObject({ version: 2, isNew: true });
      const v2 = await runPlan(workers, workspaceId, pinned(plan, second.versionId));
      expect(v2.text).toContain("VERSION B FOR ADA");
      expect(v2.text).toContain("Footer two");
    },
  );

  temporalWorkersTest(
    "a subject variable without default that a contact lacks skips the send with the variable named",
    async ({ workers }) => {
      const { db } = workers;
      const { workspaceId } = await createWorkspaceFixture(db);
      const { templateId } = await createTemplateFixture(db, workspaceId, { subject: "Hi {{ contact.first_name }}" });
      const { versionId } = await pinTemplateVersion(db, workspaceId, templateId);
      const result = await runPlan(
        workers,
        workspaceId,
        pinned(buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]), versionId),
        {},
      );
      expect(result.text).toBeNull();
      const email = result.steps.find((step) => step.nodeId === "email-1");
      expect(email?.outcome).toBe("skipped");
      expect(email?.detail).toMatchObject({ reason: "missing required variable contact.first_name" });
    },
  );
});
