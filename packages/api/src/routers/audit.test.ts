// The audit log against the real Postgres: each change through the router writes exactly one
// row naming its actor (key or person), target and source address, and never a secret or a
// contact's data; a refused change writes none; the app's own connection cannot rewrite a
// row; filters, cursor pages, the CSV export and the read API; owners and admins only.
import { randomUUID } from "node:crypto";
import { handleAuditList } from "@mailstream/api/http/audit";
import { createContextFactory } from "@mailstream/api/trpc";
import { auditLog } from "@mailstream/db/schema";
import { generateApiKey, insertApiKey } from "@mailstream/db/queries/api-keys";
import { createMemberSession, testAuth } from "@mailstream/testing/auth-fixtures";
import { createContactFixture, createRunFixture } from "@mailstream/testing/contacts-fixtures";
import { buildLinearGraph } from "@mailstream/testing/workspace-fixtures";
import {
  callerWithAuth,
  callerWithCookie,
  catchTRPCError,
  createWorkspaceCaller,
  testDb,
  testDeps,
} from "@mailstream/testing/test-caller";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

const db = testDb();
const SECRET = "audit-test-secret-0123456789abcdef";
const graph = buildLinearGraph("signed_up", [{ kind: "wait", seconds: 3600 }, { kind: "exit" }]);
const proPlan = {
  match: "all" as const,
  groups: [
    { match: "all" as const, predicates: [{ type: "trait" as const, path: "plan", op: "eq" as const, value: "pro" }] },
  ],
};

/** A caller through a proxy the instance trusts, so the audit rows carry its first hop. */
async function auditedCaller() {
  const { workspace } = await createWorkspaceCaller();
  const deps = testDeps();
  const factory = createContextFactory({ ...deps, secret: SECRET, auth: testAuth(deps.db), trustedProxies: 2 });
  const headers = new Headers({
    authorization: `Bearer ${workspace.secretKey}`,
    "x-forwarded-for": "203.0.113.7, 10.0.0.1",
  });
  return { workspace, caller: callerWithAuth(null, () => factory({ headers })) };
}

/** The database's own words for a refused statement (drizzle wraps them as the cause). */
async function refusal(statement: PromiseLike<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? error);
  }
  return "not refused";
}

async function rowsOf(workspaceId: string) {
  return db
    .select()
    .from(auditLog)
    .where(eq(auditLog.workspaceId, workspaceId))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
}

describe("audit log", () => {
  it("records each change once with its key, target and address, and no secret or personal data", async () => {
    const { workspace, caller } = await auditedCaller();
    const { id: journeyId } = await caller.journeys.create({ name: "Onboarding" });
    await caller.journeys.publish({ journeyId, graph });
    await caller.journeys.pause({ journeyId });
    await caller.journeys.resume({ journeyId });
    await caller.journeys.archive({ journeyId });
    const template = await caller.templates.create({ name: "Welcome" });
    await caller.templates.update({ templateId: template.id, name: "Welcome v2" });
    await caller.settings.saveGeneral({
      trackingEnabled: false,
      defaultFrom: "Acme <news@mailstream.test>",
      defaultReplyTo: "",
    });
    await caller.settings.saveTransport({
      kind: "smtp",
      host: "smtp.acme.test",
      port: 587,
      secure: false,
      user: "mailer",
      password: "hunter2-very-secret",
    });
    await caller.suppressions.add({ email: "ada@person.test", note: "asked by phone" });
    await caller.suppressions.remove({ email: "ada@person.test", note: "" });
    const segment = await caller.segments.create({ name: "Pro", definition: proPlan });
    await caller.segments.update({ segmentId: segment.id, name: "Pro plan" });
    await caller.segments.delete({ segmentId: segment.id });
    const topic = await caller.topics.create({ name: "Offers", description: "Deals", defaultMode: "opt_out" });
    await caller.topics.delete({ topicId: topic.id });
    await caller.events.setMode({ mode: "flag" });

    const rows = await rowsOf(workspace.workspaceId);
    expect(rows.map((row) => row.action)).toEqual([
      "journey.create",
      "journey.publish",
      "journey.pause",
      "journey.resume",
      "journey.archive",
      "template.create",
      "template.save",
      "settings.change",
      "settings.transport_change",
      "suppression.add",
      "suppression.remove",
      "segment.create",
      "segment.edit",
      "segment.delete",
      "topic.create",
      "topic.delete",
      "event_schema.mode_change",
    ]);
    for (const row of rows) {
      expect(row).toMatchObject({
        actorKind: "key",
        actorLabel: workspace.secretKey.slice(0, 10),
        sourceAddress: "203.0.113.7",
      });
      expect(row.actorLabel).not.toBe(workspace.secretKey);
    }
    expect(rows[2]).toMatchObject({
      targetType: "journey",
      targetId: journeyId,
      targetLabel: "Onboarding",
      changes: { fields: ["status"], before: { status: "live" }, after: { status: "paused" } },
    });
    expect(rows[7]?.changes).toEqual({
      fields: ["trackingEnabled", "defaultFrom"],
      before: { trackingEnabled: true, defaultFrom: null },
      after: { trackingEnabled: false, defaultFrom: "Acme <news@mailstream.test>" },
    });
    // The transport names its credentials but shows only the non-secret fields.
    expect(rows[8]?.changes).toEqual({
      fields: ["kind", "host", "port", "secure", "user", "password"],
      before: { kind: "default", host: null, port: null, secure: null },
      after: { kind: "smtp", host: "smtp.acme.test", port: 587, secure: false },
    });
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain("hunter2");
    expect(everything).not.toContain("mailer");
    expect(everything).not.toContain("ada@person.test");
    expect(everything).not.toContain("asked by phone");
    expect(rows[9]).toMatchObject({ targetType: "suppression", targetLabel: "…@person.test" });
    expect(rows[10]?.targetId).toBe(rows[9]?.targetId);
  });

  it("records the other editors' changes: names, drafts, variables, schemas, traits, alerts, contacts", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const contact = await createContactFixture(db, workspace);
    const { id: journeyId } = await caller.journeys.create({ name: "Draft" });
    await caller.journeys.rename({ journeyId, name: "Renamed" });
    await caller.journeys.saveDraft({ journeyId, graph });
    await caller.settings.saveVariables({
      variables: [{ key: "support_url", value: "https://help.acme.test/private" }],
    });
    const topic = await caller.topics.create({ name: "Digest", description: "", defaultMode: "opt_in" });
    await caller.topics.update({ topicId: topic.id, name: "Weekly digest", description: "", defaultMode: "opt_in" });
    const schema = await caller.events.saveSchema({
      eventName: "order_placed",
      rules: [{ name: "total", type: "number", required: true }],
    });
    await caller.events.deleteSchema({ id: schema.id });
    const trait = await caller.computedTraits.save({
      trait: { key: "orders", kind: "count", eventName: "order_placed" },
    });
    await caller.computedTraits.delete({ id: trait.id });
    await caller.metrics.updateAlertSettings({ attributionWindowHours: 48 });
    await caller.contacts.editTraits({
      contactId: contact.contactId,
      traits: { plan: "enterprise", email: contact.email },
    });
    const run = await createRunFixture(db, workspace.workspaceId, contact.contactId);
    await caller.runs.end({ runId: run.runId, reason: "asked by the customer" });
    await expect(caller.runs.end({ runId: run.runId })).rejects.toThrow("already ended");
    await caller.contacts.erase({ contactId: contact.contactId });
    const partial = await caller.templates.partials.create({ name: "Footer" });
    await caller.templates.partials.update({ partialId: partial.id, name: "Footer v2" });

    const rows = await rowsOf(workspace.workspaceId);
    expect(rows.map((row) => [row.action, row.targetType, row.targetId])).toEqual([
      ["journey.create", "journey", journeyId],
      ["journey.rename", "journey", journeyId],
      ["journey.save_draft", "journey", journeyId],
      ["settings.variables_change", "settings", workspace.workspaceId],
      ["topic.create", "topic", topic.id],
      ["topic.edit", "topic", topic.id],
      ["event_schema.save", "event_schema", schema.id],
      ["event_schema.delete", "event_schema", schema.id],
      ["computed_trait.save", "computed_trait", trait.id],
      ["computed_trait.delete", "computed_trait", trait.id],
      ["alert.settings_change", "alert", null],
      ["contact.edit_traits", "contact", contact.contactId],
      ["run.end", "run", run.runId],
      ["contact.erase", "contact", contact.contactId],
      ["partial.create", "partial", partial.id],
      ["partial.save", "partial", partial.id],
    ]);
    expect(rows[1]?.changes).toEqual({ fields: ["name"], before: { name: "Draft" }, after: { name: "Renamed" } });
    expect(rows[3]?.changes).toEqual({ fields: ["variables.support_url"] });
    expect(rows[10]?.changes).toMatchObject({
      fields: ["attributionWindowHours"],
      after: { attributionWindowHours: 48 },
    });
    expect(rows[11]?.changes).toEqual({ fields: ["traits.plan"] });
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain("help.acme.test");
    expect(everything).not.toContain("enterprise");
    expect(everything).not.toContain("asked by the customer");
    expect(everything).not.toContain(contact.email);
    expect(everything).not.toContain(contact.userId);
  });

  it("writes nothing for a refused change", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    await caller.suppressions.add({ email: "bo@person.test", note: "" });
    const before = (await rowsOf(workspace.workspaceId)).length;
    await expect(caller.suppressions.add({ email: "bo@person.test", note: "" })).rejects.toThrow("already suppressed");
    await expect(caller.suppressions.remove({ email: "nobody@person.test", note: "" })).rejects.toThrow();
    await expect(caller.segments.update({ segmentId: randomUUID(), name: "Ghost" })).rejects.toThrow();
    const { id: journeyId } = await caller.journeys.create({ name: "Broken" });
    await expect(caller.journeys.publish({ journeyId, graph: { nodes: [], edges: [] } })).rejects.toThrow();
    await expect(caller.journeys.pause({ journeyId })).rejects.toThrow("publish it first");
    expect((await rowsOf(workspace.workspaceId)).map((row) => row.action).slice(before)).toEqual(["journey.create"]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE from the application's own connection", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    await caller.journeys.create({ name: "Kept" });
    const where = eq(auditLog.workspaceId, workspace.workspaceId);
    expect(await refusal(db.update(auditLog).set({ action: "journey.delete" }).where(where))).toBe(
      "audit_log is append-only: UPDATE is not allowed",
    );
    expect(await refusal(db.delete(auditLog).where(where))).toBe("audit_log is append-only: DELETE is not allowed");
    expect(await refusal(db.execute(sql`truncate audit_log`))).toBe(
      "audit_log is append-only: TRUNCATE is not allowed",
    );
    expect(await rowsOf(workspace.workspaceId)).toHaveLength(1);
  });

  it("filters by action, actor, target and time, pages by cursor and exports CSV rows", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const journeys = [];
    for (const name of ["A", "B", "C"]) journeys.push(await caller.journeys.create({ name }));
    await caller.topics.create({ name: "News", description: "", defaultMode: "opt_in" });

    const first = await caller.audit.list({ action: "journey.", limit: 2 });
    expect(first.items.map((item) => item.target.label)).toEqual(["C", "B"]);
    const second = await caller.audit.list({ action: "journey.", limit: 2, cursor: first.nextCursor ?? "" });
    expect(second.items.map((item) => item.target.label)).toEqual(["A"]);
    expect(second.nextCursor).toBeNull();
    expect((await caller.audit.list({ action: "topic.create" })).items).toHaveLength(1);
    expect((await caller.audit.list({ targetId: journeys[1]?.id })).items).toHaveLength(1);
    expect((await caller.audit.list({ actor: workspace.secretKey.slice(0, 10) })).items).toHaveLength(4);
    expect((await caller.audit.list({ actor: "someone-else" })).items).toHaveLength(0);
    expect((await caller.audit.list({ from: new Date(Date.now() + 60_000) })).items).toHaveLength(0);
    await expect(caller.audit.list({ cursor: "not-a-cursor" })).rejects.toThrow("cursor is not one this API returned");
    await expect(caller.audit.list({ from: new Date(), to: new Date(Date.now() - 1000) })).rejects.toThrow(
      "from must not be after to",
    );

    const csv = await caller.audit.export({ action: "journey.create" });
    expect(csv.header).toContain("action");
    expect(csv.rows.map((row) => row[1])).toEqual(["journey.create", "journey.create", "journey.create"]);
    expect(csv.isTruncated).toBe(false);
  });

  it("names a signed-in person by email; analysts and marketers cannot read the log", async () => {
    const { workspace } = await createWorkspaceCaller();
    const owner = await createMemberSession(db, workspace.workspaceId, "owner");
    const ownerCaller = callerWithCookie(owner.cookie);
    await ownerCaller.journeys.create({ name: "By hand" });
    const [item] = (await ownerCaller.audit.list({})).items;
    expect(item).toMatchObject({
      action: "journey.create",
      actor: { kind: "user", id: owner.userId, label: owner.email },
    });
    for (const role of ["analyst", "marketer"] as const) {
      const member = await createMemberSession(db, workspace.workspaceId, role);
      expect((await catchTRPCError(() => callerWithCookie(member.cookie).audit.list({}))).code).toBe("FORBIDDEN");
    }

    // A new workspace's log starts with its creation, by its creator.
    const created = await ownerCaller.workspaces.create({ name: "Second" });
    const [creation] = await rowsOf(created.id);
    expect(creation).toMatchObject({ action: "workspace.create", actorKind: "user", actorId: owner.userId });
  });

  it("serves GET /api/v1/audit to an admin key, refuses other roles, and names a bad filter", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    await caller.journeys.create({ name: "Over HTTP" });
    const developerKey = generateApiKey("secret");
    await insertApiKey(db, workspace.workspaceId, "secret", developerKey, "developer");
    const get = (query: string, key: string) =>
      handleAuditList(
        new Request(`http://mailstream.test/api/v1/audit${query}`, { headers: { authorization: `Bearer ${key}` } }),
        { db },
      );

    const ok = await get("?action=journey.create&limit=10", workspace.secretKey);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      data: [{ action: "journey.create", target: { label: "Over HTTP" } }],
      nextCursor: null,
    });
    expect((await get("", developerKey)).status).toBe(403);
    expect((await get("", "ms_sk_unknown")).status).toBe(401);
    const bad = await get("?from=yesterday&limit=0", workspace.secretKey);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(
      /from must be a date.*limit must be at least 1|limit must be at least 1.*from/,
    );
  });
});
