// The demo seed against the real database: the journeys go live through publishJourney, so
// their email steps are pinned to template versions like any publish. The `demo` workspace is shared by
// every caller of the seed on this database, so assertions are about this test's keys and
// about counts not changing, never about absolute key counts.
import { createDb } from "@mailstream/db/client";
import { findApiKey, generateApiKey } from "@mailstream/db/queries/api-keys";
import { findWorkspaceBySlug } from "@mailstream/db/queries/workspaces";
import { journeys, journeyVersions, templates, templateVersions } from "@mailstream/db/schema";
import { seedDemoWorkspace } from "./seed-demo-workspace";
import { testEnv } from "@mailstream/testing/test-env";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

const { db } = createDb(testEnv().databaseUrl);

async function snapshot(workspaceId: string) {
  const templateRows = await db.select().from(templates).where(eq(templates.workspaceId, workspaceId));
  const journeyRows = await db.select().from(journeys).where(eq(journeys.workspaceId, workspaceId));
  const versions = await db
    .select()
    .from(journeyVersions)
    .innerJoin(journeys, eq(journeys.id, journeyVersions.journeyId))
    .where(eq(journeys.workspaceId, workspaceId));
  return { templateRows, journeyRows, versions: versions.map((row) => row.journey_versions) };
}

describe("seedDemoWorkspace", () => {
  it("creates the demo workspace with a live Welcome journey, and a second run changes nothing", async () => {
    const keys = { writeKey: generateApiKey("write"), secretKey: generateApiKey("secret") };
    const { workspaceId } = await seedDemoWorkspace(db, keys);
    expect(await findWorkspaceBySlug(db, "demo")).toMatchObject({ id: workspaceId, name: "Demo workspace" });
    expect(await findApiKey(db, keys.writeKey)).toMatchObject({ workspaceId, kind: "write", role: "developer" });
    expect(await findApiKey(db, keys.secretKey)).toMatchObject({ workspaceId, kind: "secret", role: "admin" });

    const first = await snapshot(workspaceId);
    expect(first.templateRows.map((t) => t.name).sort()).toEqual([
      "Cart reminder A",
      "Cart reminder B",
      "Getting started",
      "Welcome",
    ]);
    const welcomeTemplate = first.templateRows.find((t) => t.name === "Welcome")!;
    const gettingStarted = first.templateRows.find((t) => t.name === "Getting started")!;
    expect(welcomeTemplate.subject).toBe('Welcome to Mailstream, {{ contact.first_name | default: "there" }}!');

    expect(first.journeyRows.map((j) => j.name).sort()).toEqual(["Abandoned cart", "Welcome"]);
    const journey = first.journeyRows.find((j) => j.name === "Welcome");
    expect(journey).toMatchObject({ name: "Welcome", status: "live" });
    const version = first.versions.find((v) => v.journeyId === journey!.id);
    expect(journey!.liveVersionId).toBe(version!.id);
    expect(version!.plan).toMatchObject({
      trigger: { event: "signed_up", filters: [] },
      entry: "email-welcome",
      steps: {
        "email-welcome": {
          kind: "email",
          templateId: welcomeTemplate.id,
          templateVersionId: expect.any(String),
          next: "wait-1",
        },
        "wait-1": { kind: "wait", durationMs: 60_000, next: "email-getting-started" },
        "email-getting-started": {
          kind: "email",
          templateId: gettingStarted.id,
          templateVersionId: expect.any(String),
          next: "exit",
        },
        exit: { kind: "exit" },
      },
    });
    expect(journey!.draft.nodes.map((node) => node.position)).toEqual(
      [0, 150, 300, 450, 600].map((y) => ({ x: 250, y })),
    );

    // Abandoned cart: live, waiting for checkout with the two reminders behind a split.
    const cart = first.journeyRows.find((j) => j.name === "Abandoned cart");
    expect(cart).toMatchObject({ status: "live" });
    const cartVersion = first.versions.find((v) => v.journeyId === cart!.id);
    expect(cart!.liveVersionId).toBe(cartVersion!.id);
    // One run per cart at a time; the checkout wait counts only a checkout of the same cart.
    expect(cartVersion!.plan).toMatchObject({
      trigger: { event: "added_to_cart", reentry: "once_at_a_time", entryKey: "properties.cart_id" },
      steps: {
        "wait-checkout": {
          kind: "wait_until_event",
          event: "checkout",
          matchOnEntryKey: true,
          timeoutMs: 3_600_000,
          matched: "exit-purchased",
          timedOut: "branch-value",
        },
      },
    });
    // Every email step of both journeys is pinned to a frozen version of its own template.
    const pinned = await db.select().from(templateVersions).where(eq(templateVersions.workspaceId, workspaceId));
    for (const plan of [version!.plan, cartVersion!.plan]) {
      const emails = Object.values(plan.steps).filter((step) => step.kind === "email");
      expect(emails.length).toBeGreaterThan(0);
      for (const step of emails) {
        expect(pinned.find((row) => row.id === step.templateVersionId)).toMatchObject({ templateId: step.templateId });
      }
    }
    expect(cart!.draft.nodes.map((node) => node.data.kind).sort()).toEqual([
      "branch",
      "email",
      "email",
      "exit",
      "exit",
      "split",
      "trigger",
      "wait",
    ]);

    const again = await seedDemoWorkspace(db, keys);
    expect(again.workspaceId).toBe(workspaceId);
    expect(await snapshot(workspaceId)).toEqual(first);
  });

  it("leaves an Abandoned cart journey from older data as it is (no entry key), and still succeeds", async () => {
    const keys = { writeKey: generateApiKey("write"), secretKey: generateApiKey("secret") };
    const { workspaceId } = await seedDemoWorkspace(db, keys);
    const [cart] = await db
      .select()
      .from(journeys)
      .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.name, "Abandoned cart")));
    // What an older seed wrote: the same journey without entry rules or entry-key matching.
    const oldDraft = {
      ...cart!.draft,
      nodes: cart!.draft.nodes.map((node) => {
        const { data } = node;
        if (data.kind === "trigger")
          return { ...node, data: { kind: data.kind, event: data.event, filters: data.filters } };
        if (data.kind === "wait" && data.untilEvent)
          return { ...node, data: { ...data, untilEvent: { ...data.untilEvent, matchOnEntryKey: false } } };
        return node;
      }),
    } as NonNullable<typeof cart>["draft"];
    await db.update(journeys).set({ draft: oldDraft }).where(eq(journeys.id, cart!.id));
    try {
      const before = await snapshot(workspaceId);
      await seedDemoWorkspace(db, keys);
      expect(await snapshot(workspaceId)).toEqual(before);
    } finally {
      await db.update(journeys).set({ draft: cart!.draft }).where(eq(journeys.id, cart!.id));
    }
  });

  it("adds new keys beside the old ones when called with different keys", async () => {
    const oldKeys = { writeKey: generateApiKey("write"), secretKey: generateApiKey("secret") };
    const newKeys = { writeKey: generateApiKey("write"), secretKey: generateApiKey("secret") };
    const { workspaceId } = await seedDemoWorkspace(db, oldKeys);
    await seedDemoWorkspace(db, newKeys);
    for (const key of [oldKeys.writeKey, newKeys.writeKey])
      expect(await findApiKey(db, key)).toMatchObject({ workspaceId, kind: "write", role: "developer" });
    for (const key of [oldKeys.secretKey, newKeys.secretKey])
      expect(await findApiKey(db, key)).toMatchObject({ workspaceId, kind: "secret", role: "admin" });
  });
});
