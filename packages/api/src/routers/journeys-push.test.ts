// journeys.push (`mailstream push`'s one call): the whole bundle in one transaction — a bundle
// whose last item the server refuses changes nothing, not even the audit log; the same bundle
// again writes nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, journeys, templates } from "@mailstream/db/schema";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";

const db = testDb();
const REF = '(new template "Welcome")';
const welcome = {
  ref: REF,
  name: "Welcome",
  content: { subject: "Hi {{ contact.email }}", body: "Welcome aboard." },
  fromAddress: null,
  replyTo: null,
};
const linear = (templateId: string) => buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);

async function workspaceRows(workspaceId: string) {
  const [templateRows, journeyRows, auditRows] = await Promise.all([
    db.select({ name: templates.name }).from(templates).where(eq(templates.workspaceId, workspaceId)),
    db.select({ name: journeys.name }).from(journeys).where(eq(journeys.workspaceId, workspaceId)),
    db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId)),
  ]);
  return { templates: templateRows, journeys: journeyRows, audit: auditRows };
}

describe("journeys.push", () => {
  it("writes nothing when the last journey cannot be published, though everything before it could", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const before = await workspaceRows(workspace.workspaceId);
    const error = await catchTRPCError(() =>
      caller.journeys.push({
        templates: [welcome],
        journeys: [
          { name: "Onboarding", graph: linear(REF) },
          // Names a template that exists nowhere: publishing refuses it, after the rest was written.
          { name: "Broken", graph: linear("00000000-0000-4000-8000-000000000000") },
        ],
        publish: true,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(await workspaceRows(workspace.workspaceId)).toEqual(before);
  });

  it("creates, publishes and resolves template refs; the same bundle again changes nothing", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const bundle = {
      templates: [welcome],
      journeys: [{ name: "Onboarding", graph: linear(REF) }],
      publish: true,
    };
    expect(await caller.journeys.push(bundle)).toEqual({
      templates: [{ name: "Welcome", outcome: "created" }],
      journeys: [{ name: "Onboarding", draft: "created", published: { version: 1, isNew: true } }],
    });
    const written = await workspaceRows(workspace.workspaceId);
    expect(await caller.journeys.push(bundle)).toEqual({
      templates: [{ name: "Welcome", outcome: "unchanged" }],
      journeys: [{ name: "Onboarding", draft: "unchanged", published: { version: 1, isNew: false } }],
    });
    expect(await workspaceRows(workspace.workspaceId)).toEqual(written);
    const [template] = await db.select().from(templates).where(eq(templates.workspaceId, workspace.workspaceId));
    const [journey] = await db.select().from(journeys).where(eq(journeys.workspaceId, workspace.workspaceId));
    const email = journey?.draft.nodes.find((node) => node.data.kind === "email");
    expect(email?.data).toMatchObject({ kind: "email", templateId: template?.id });
  });

  it("refuses a bundle naming one journey twice before writing anything", async () => {
    const { caller } = await createWorkspaceCaller();
    const error = await catchTRPCError(() =>
      caller.journeys.push({
        templates: [welcome],
        journeys: [
          { name: "Twice", graph: linear(REF) },
          { name: "Twice", graph: linear(REF) },
        ],
      }),
    );
    expect(error.message).toContain('names the journey "Twice" twice');
  });
});
