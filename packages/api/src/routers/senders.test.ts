// Senders over tRPC against the real Postgres: a workspace declares addresses and domains; a
// journey whose email step sends from an undeclared address is refused at publish with the step
// named; the default From and test sends must be declared; test sends are rate-limited per
// caller (429 + Retry-After); migration 0023 declares what live journeys already send from.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { workspaceSenders } from "@mailstream/db/schema";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { updateWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import { catchTRPCError, createWorkspaceCaller, testDb } from "@mailstream/testing/test-caller";
import { buildLinearGraph, createLiveJourney } from "@mailstream/testing/workspace-fixtures";
import { retryAfterHeader, TEST_SEND_LIMIT } from "../test-send-limit";

const db = testDb();

async function templateFrom(workspaceId: string, fromAddress: string) {
  const template = await insertTemplate(db, workspaceId, {
    name: "Notice",
    subject: "Notice",
    body: "Hi",
    fromAddress,
  });
  return template.id;
}

describe("senders", () => {
  it("declares addresses and domains in one normal form, and names bad input", async () => {
    const { caller } = await createWorkspaceCaller();
    await caller.senders.add({ value: "Acme News <News@Acme.test>" });
    await caller.senders.add({ value: "@Shop.Acme.test" });
    await caller.senders.add({ value: "news@acme.test" }); // again: stored once
    expect(await caller.senders.list()).toEqual([
      { value: "mailstream.test", kind: "domain" },
      { value: "news@acme.test", kind: "address" },
      { value: "shop.acme.test", kind: "domain" },
    ]);
    for (const bad of ["nope", "a@", "http://acme.test"]) {
      const error = await catchTRPCError(() => caller.senders.add({ value: bad }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toContain(`"${bad}"`);
    }
    expect(await caller.senders.remove({ value: "shop.acme.test" })).toHaveLength(2);
    expect((await catchTRPCError(() => caller.senders.remove({ value: "shop.acme.test" }))).code).toBe("NOT_FOUND");
  });

  it("refuses to publish an email step whose From is undeclared, naming the step, until it is declared", async () => {
    const { workspace, caller } = await createWorkspaceCaller();
    const templateId = await templateFrom(workspace.workspaceId, "Security Team <security@bank.example>");
    const { id: journeyId } = await caller.journeys.create({ name: "Spoof" });
    const graph = buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]);
    const error = await catchTRPCError(() => caller.journeys.publish({ journeyId, graph }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toMatchObject({
      graphIssues: [
        {
          nodeId: "email-1",
          code: "undeclared_sender",
          message: expect.stringMatching(
            /^Email node "email-1" sends as "security@bank.example" is not a declared sender/,
          ),
        },
      ],
    });
    expect((await caller.journeys.byId({ journeyId })).status).toBe("draft");
    await caller.senders.add({ value: "bank.example" });
    await expect(caller.journeys.publish({ journeyId })).resolves.toMatchObject({ version: 1 });
  });

  it("refuses an undeclared default From and an undeclared test-send From with a 400 naming the address", async () => {
    const { caller } = await createWorkspaceCaller();
    const general = await catchTRPCError(() =>
      caller.settings.saveGeneral({
        trackingEnabled: true,
        defaultFrom: "Bank <ceo@bank.example>",
        defaultReplyTo: "",
      }),
    );
    expect(general.code).toBe("BAD_REQUEST");
    expect(general.message).toContain('"ceo@bank.example" is not a declared sender of this workspace');
    const send = await catchTRPCError(() =>
      caller.templates.sendTest({
        to: "ops@mailstream.test",
        content: { subject: "Hi", body: "Hi", fromAddress: "Security Team <security@bank.example>" },
      }),
    );
    expect(send.code).toBe("BAD_REQUEST");
    expect(send.message).toContain('"security@bank.example" is not a declared sender');
    // A declared one goes out.
    await expect(
      caller.templates.sendTest({
        to: "ops@mailstream.test",
        content: { subject: "Hi", body: "Hi", fromAddress: "Team <team@mailstream.test>" },
      }),
    ).resolves.toMatchObject({ status: "sent" });
  });

  it("rate-limits test sends per caller with 429 and Retry-After", async () => {
    const { caller } = await createWorkspaceCaller();
    for (let sent = 0; sent < TEST_SEND_LIMIT.points; sent += 1) {
      await caller.settings.sendTest({ to: "ops@mailstream.test" });
    }
    const limited = await catchTRPCError(() => caller.settings.sendTest({ to: "ops@mailstream.test" }));
    expect(limited).toBeInstanceOf(TRPCError);
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/Too many test sends/);
    const header = retryAfterHeader([limited]);
    expect(Number(header["retry-after"])).toBeGreaterThan(0);
    expect(Number(header["retry-after"])).toBeLessThanOrEqual(TEST_SEND_LIMIT.durationSeconds);
    // The editor's test send shares the budget.
    const fromEditor = await catchTRPCError(() =>
      caller.templates.sendTest({ to: "ops@mailstream.test", content: { subject: "Hi", body: "Hi" } }),
    );
    expect(fromEditor.code).toBe("TOO_MANY_REQUESTS");
  });

  it("migration 0023 declares the default From and what live journeys send from", async () => {
    const { workspace } = await createWorkspaceCaller();
    const { workspaceId } = workspace;
    await updateWorkspaceSettings(db, workspaceId, { defaultFrom: "Acme <News@Acme.test>" });
    const templateId = await templateFrom(workspaceId, "Shop <orders@shop.example>");
    await createLiveJourney(
      db,
      workspaceId,
      "Orders",
      buildLinearGraph("ordered", [{ kind: "email", templateId }, { kind: "exit" }]),
    );
    await db.delete(workspaceSenders).where(sql`${workspaceSenders.workspaceId} = ${workspaceId}`);
    const migration = readFileSync(new URL("../../../db/drizzle/0023_senders.sql", import.meta.url), "utf8");
    const declare = migration.split("--> statement-breakpoint").at(-1) as string;
    await db.execute(sql.raw(declare));
    await db.execute(sql.raw(declare)); // re-runnable: nothing twice
    const rows = await db
      .select({ value: workspaceSenders.value })
      .from(workspaceSenders)
      .where(sql`${workspaceSenders.workspaceId} = ${workspaceId}`);
    expect(rows.map((row) => row.value).sort()).toEqual(["news@acme.test", "orders@shop.example"]);
  });
});
