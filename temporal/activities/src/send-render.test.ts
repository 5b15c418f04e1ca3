// The send path's compiled templates against the real Postgres: one activity (one worker's
// caches) sending a pinned version to several contacts renders each contact's own values,
// keeps rendering the pinned version after the template is edited, and an unpinned run picks
// the edit up at once (the current template is kept by its content, not by its id).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { messages, templates } from "@mailstream/db/schema";
import { pinTemplateVersion } from "@mailstream/core/templates/load-template";
import { testEnv } from "@mailstream/testing/test-env";
import {
  buildLinearPlan,
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import {
  createRecordingTransport,
  installQuietRuntime,
  runActivity,
  TEST_DEFAULT_FROM,
  TEST_PUBLIC_URL,
} from "@mailstream/testing/temporal-workers";
import { createActivities, type SendEmailInput } from "./index";

let db: Db;
beforeAll(() => {
  installQuietRuntime();
  db = createDb(testEnv().databaseUrl).db;
});

async function sentMessage(runId: string) {
  const [row] = await db.select().from(messages).where(eq(messages.runId, runId));
  if (!row) throw new Error(`no message for run ${runId}`);
  return row;
}

describe("sendEmail with compiled templates", () => {
  it("renders each contact's values from one compiled version, and an edit reaches only unpinned runs", async () => {
    const { workspaceId } = await createWorkspaceFixture(db);
    const { templateId } = await createTemplateFixture(db, workspaceId, {
      subject: "Hello {{ contact.first_name }}",
      body: "Hi {{ contact.first_name }},\n\n[Shop](https://shop.test/?u={{ contact.userId }})",
    });
    const { versionId } = await pinTemplateVersion(db, workspaceId, templateId);
    const unpinned = buildLinearPlan([{ kind: "email", templateId }, { kind: "exit" }]);
    const pinned = {
      ...unpinned,
      steps: Object.fromEntries(
        Object.entries(unpinned.steps).map(([id, step]) => [
          id,
          step.kind === "email" ? { ...step, templateVersionId: versionId } : step,
        ]),
      ) as typeof unpinned.steps,
    };
    const { sendEmail } = createActivities({
      db,
      transport: createRecordingTransport().transport,
      defaultFrom: TEST_DEFAULT_FROM,
      publicUrl: TEST_PUBLIC_URL,
    });
    const send = async (firstName: string, plan: typeof pinned) => {
      const { contactId, userId } = await createContactFixture(db, workspaceId, { traits: { first_name: firstName } });
      const run = await createRunFixture(db, { workspaceId, contactId, plan });
      const input: SendEmailInput = {
        runId: run.runId,
        workspaceId,
        journeyId: run.journeyId,
        contactId,
        nodeId: "email-1",
        templateId,
        trigger: run.input.trigger,
      };
      expect(await runActivity(sendEmail, input)).toMatchObject({ status: "sent" });
      return { row: await sentMessage(run.runId), userId };
    };

    const ada = await send("Ada", pinned);
    const bob = await send("<b>Bob</b> & 'co'", pinned);
    expect(ada.row.subject).toBe("Hello Ada");
    expect(ada.row.html).toContain("Hi Ada,");
    expect(ada.row.html).toContain(`href="https://shop.test/?u=${ada.userId}"`);
    expect(bob.row.subject).toBe("Hello <b>Bob</b> & 'co'");
    expect(bob.row.html).toContain("Hi &lt;b&gt;Bob&lt;/b&gt; &amp; &#x27;co&#x27;,");
    expect(bob.row.html).not.toContain("Ada");
    expect(bob.row.text).toContain("Hi <b>Bob</b> & 'co',");

    await db.update(templates).set({ subject: "Edited {{ contact.first_name }}" }).where(eq(templates.id, templateId));
    expect((await send("Cy", pinned)).row.subject).toBe("Hello Cy");
    expect((await send("Di", unpinned)).row.subject).toBe("Edited Di");
    await db.update(templates).set({ subject: "Again {{ contact.first_name }}" }).where(eq(templates.id, templateId));
    expect((await send("Ed", unpinned)).row.subject).toBe("Again Ed");
  });
});
