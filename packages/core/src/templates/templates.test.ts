// Template use cases against the real Postgres: save validation, preview as a real contact with
// its latest event, unknown-variable flags, partials, publish pinning versions, test sends.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@mailstream/db/client";
import { contacts, events, journeyVersions, messages, templateVersions, workspaces } from "@mailstream/db/schema";
import { suppressAddress } from "@mailstream/db/queries/suppressions";
import type { Block } from "@mailstream/emails/blocks";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { createJourney } from "../journeys/journeys";
import { publishJourney } from "../journeys/publish-journey";
import { createTemplatePartial, saveTemplatePartial } from "./template-partials";
import { sendTestEmail } from "./send-test-email";
import { createTemplate, getTemplate, previewTemplate, saveTemplate } from "./templates";

let db: Db;
beforeAll(() => {
  db = createDb(testEnv().databaseUrl).db;
});

async function createWorkspace() {
  const slug = `tpl-${randomUUID().slice(0, 12)}`;
  const [ws] = await db
    .insert(workspaces)
    .values({ name: `Shop ${slug}`, slug })
    .returning({ id: workspaces.id });
  if (!ws) throw new Error("workspace insert returned nothing");
  return ws.id;
}

const content = (blocks: Block[], subject = 'Hi {{ first_name | default: "there" }}') => ({
  subject,
  preheader: "",
  body: "",
  blocks,
});

function emailGraph(templateId: string): JourneyGraph {
  return {
    nodes: [
      { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "ordered", filters: [] } },
      { id: "mail", position: { x: 0, y: 100 }, data: { kind: "email", templateId } },
      { id: "done", position: { x: 0, y: 200 }, data: { kind: "exit" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "mail", sourceHandle: null },
      { id: "e2", source: "mail", target: "done", sourceHandle: null },
    ],
  } as JourneyGraph;
}

async function pinnedVersionOf(versionId: string) {
  const [row] = await db
    .select({ plan: journeyVersions.plan })
    .from(journeyVersions)
    .where(eq(journeyVersions.id, versionId));
  const step = row?.plan.steps.mail;
  return step?.kind === "email" ? step.templateVersionId : undefined;
}

describe("template use cases", () => {
  it("rejects Liquid errors and unknown partials on save, naming the block", async () => {
    const ws = await createWorkspace();
    const template = await createTemplate(db, ws, { name: "Welcome" });
    await expect(
      saveTemplate(db, ws, template.id, content([{ type: "text", id: "oops", text: "{% if %}" }])),
    ).rejects.toThrow(/text block "oops"/);
    await expect(
      saveTemplate(db, ws, template.id, content([{ type: "partial", id: "p", partialId: randomUUID() }])),
    ).rejects.toThrow(/does not exist in this workspace/);
  });

  it("previews as a real contact with its latest event, and flags unknown variables", async () => {
    const ws = await createWorkspace();
    const [contact] = await db
      .insert(contacts)
      .values({ workspaceId: ws, userId: "u-prev", email: "prev@example.test", traits: { first_name: "Grace" } })
      .returning({ id: contacts.id });
    const base = { workspaceId: ws, type: "track" as const, userId: "u-prev" };
    await db.insert(events).values([
      {
        ...base,
        messageId: randomUUID(),
        event: "viewed",
        properties: { sku: "old" },
        timestamp: new Date(Date.now() - 60_000),
      },
      {
        ...base,
        messageId: randomUUID(),
        event: "ordered",
        properties: { items: [{ name: "Lamp" }, { name: "Desk" }] },
        timestamp: new Date(),
      },
    ]);
    const template = content([
      {
        type: "text",
        id: "t",
        text: '{{ first_name }} ordered {{ event.name }} {{ event.properties.colour | default: "" }} {{ contact.nickname | default: "" }}',
      },
      {
        type: "repeat",
        id: "r",
        path: "event.properties.items",
        as: "item",
        blocks: [{ type: "text", id: "i", text: "* {{ item.name }}" }],
      },
    ]);
    const preview = await previewTemplate(db, ws, {
      content: template,
      contactId: contact?.id,
      context: { contact: {}, event: {}, journey: {} },
    });
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.contactLabel).toBe("prev@example.test");
    expect(preview.text).toContain("Grace ordered ordered");
    expect(preview.text).toContain("* Lamp");
    expect(preview.text).toContain("* Desk");
    expect(preview.unknownVariables.map((u) => u.path).sort()).toEqual(["contact.nickname", "event.properties.colour"]);
    expect(preview.outputsWithoutDefault.map((o) => o.path)).toEqual(["event.name", "first_name"]);
  });

  it("a body value without a default that this contact lacks: the preview says the contact would be skipped", async () => {
    const ws = await createWorkspace();
    const preview = await previewTemplate(db, ws, {
      content: content([{ type: "heading", id: "h", level: 1, text: "Thanks, {{ first_name }}!" }]),
      context: { contact: {}, event: {}, journey: {} },
    });
    expect(preview).toMatchObject({
      ok: false,
      field: "body",
      blockId: "h",
      message: 'missing required variable first_name (no | default: in heading block "h")',
      outputsWithoutDefault: [{ path: "first_name", field: "body", blockId: "h" }],
    });
  });

  it("reports a missing required value in the preview instead of rendering it empty", async () => {
    const ws = await createWorkspace();
    const preview = await previewTemplate(db, ws, {
      content: content([], "Hi {{ first_name }}"),
      context: { contact: {}, event: {}, journey: {} },
    });
    expect(preview).toMatchObject({ ok: false, field: "subject", message: "missing required variable first_name" });
  });

  it("publishing pins a template version, reused until the template or its partial changes", async () => {
    const ws = await createWorkspace();
    const partial = await createTemplatePartial(db, ws, {
      name: "Footer",
      blocks: [{ type: "text", id: "f", text: "Footer v1" }],
    });
    const template = await createTemplate(db, ws, {
      name: "Receipt",
      content: content([{ type: "partial", id: "foot", partialId: partial.id }]),
    });
    const journey = await createJourney(db, ws, "Orders");

    const p1 = await publishJourney({ db, workspaceId: ws, journeyId: journey.id, graph: emailGraph(template.id) });
    const v1 = await pinnedVersionOf(p1.versionId);
    expect(v1).toBeDefined();
    const p2 = await publishJourney({ db, workspaceId: ws, journeyId: journey.id, graph: emailGraph(template.id) });
    expect(await pinnedVersionOf(p2.versionId)).toBe(v1); // unchanged: same version

    await saveTemplatePartial(db, ws, partial.id, { blocks: [{ type: "text", id: "f", text: "Footer v2" }] });
    const p3 = await publishJourney({ db, workspaceId: ws, journeyId: journey.id, graph: emailGraph(template.id) });
    const v2 = await pinnedVersionOf(p3.versionId);
    expect(v2).not.toBe(v1);
    const rows = await db.select().from(templateVersions).where(eq(templateVersions.templateId, template.id));
    expect(rows.map((r) => r.version).sort()).toEqual([1, 2]);
    const latest = rows.find((r) => r.id === v2);
    expect(JSON.stringify(latest?.content.blocks)).toContain("Footer v2"); // partial copied in, no reference left
    expect(JSON.stringify(latest?.content.blocks)).not.toContain('"partial"');
    expect((await getTemplate(db, ws, template.id)).versions.map((v) => v.version)).toEqual([2, 1]);
  });

  it("send test records a test message outside any journey", async () => {
    const ws = await createWorkspace();
    const sent = await sendTestEmail({
      db,
      workspaceId: ws,
      to: "author@example.test",
      template: {
        content: content([{ type: "text", id: "t", text: "Hello {{ first_name }}" }]),
        context: { contact: { first_name: "Ada" }, event: {}, journey: {} },
      },
    });
    if (sent.status !== "sent") throw new Error(`expected a send, got ${JSON.stringify(sent)}`);
    const [row] = await db.select().from(messages).where(eq(messages.id, sent.messageId));
    expect(row).toMatchObject({
      journeyId: null,
      runId: null,
      contactId: null,
      subject: "[Test] Hi Ada",
      toAddress: "author@example.test",
    });
    expect(row?.headers["X-Mailstream-Test"]).toBe("1");
    await expect(
      sendTestEmail({
        db,
        workspaceId: ws,
        to: "nope",
        template: { content: content([]), context: { contact: {}, event: {}, journey: {} } },
      }),
    ).rejects.toThrow(/not a valid email address/);
  });

  it("send test skips an address suppressed by a bounce, naming the reason, and stores nothing", async () => {
    const ws = await createWorkspace();
    await suppressAddress(db, { workspaceId: ws, email: "gone@example.test", reason: "bounced" });
    const result = await sendTestEmail({
      db,
      workspaceId: ws,
      to: "Gone@example.test",
      template: { content: content([]), context: { contact: {}, event: {}, journey: {} } },
    });
    expect(result).toEqual({
      status: "skipped",
      reason: "gone@example.test is suppressed (bounced); remove it in Settings → Suppressions to send to it.",
    });
    expect(await db.select().from(messages).where(eq(messages.workspaceId, ws))).toHaveLength(0);
  });
});
