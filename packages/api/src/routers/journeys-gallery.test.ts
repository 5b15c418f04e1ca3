// `journeys.gallery` and `journeys.createFromGallery` over the real test database: the cards'
// summaries, a draft with its own templates that the editor reads back, and bad input refused
// by name with nothing written. Each gallery journey's runs are core's gallery-test-runs.test.ts.
import { describe, expect, it } from "vitest";
import { catchTRPCError, createWorkspaceCaller } from "@mailstream/testing/test-caller";

describe("journeys gallery procedures", () => {
  it("lists the six gallery journeys with what each card shows", async () => {
    const { caller } = await createWorkspaceCaller();
    const gallery = await caller.journeys.gallery();
    expect(gallery.map((entry) => entry.name)).toEqual([
      "Welcome series",
      "Abandoned cart",
      "Browse abandonment",
      "Win-back",
      "Re-engagement",
      "Post-purchase review",
    ]);
    for (const entry of gallery) {
      expect(entry.description.length, entry.id).toBeGreaterThan(40);
      expect(entry.events.length, entry.id).toBeGreaterThan(1);
      expect(entry.stepCount, entry.id).toBeGreaterThan(5);
    }
  });

  it("creates the draft and its templates; the editor reads the graph with the new template ids", async () => {
    const { caller } = await createWorkspaceCaller();
    const created = await caller.journeys.createFromGallery({ galleryId: "abandoned-cart", name: "  Carts  " });
    expect(created.name).toBe("Carts");
    const journey = await caller.journeys.byId({ journeyId: created.id });
    expect(journey.status).toBe("draft");
    const templateIds = new Set((await caller.templates.list()).map((template) => template.id));
    const sent = journey.draft.nodes.flatMap((node) => (node.data.kind === "email" ? [node.data.templateId] : []));
    expect(sent).toHaveLength(5);
    expect(sent.every((id) => id !== null && templateIds.has(id))).toBe(true);
    expect(new Set(sent)).toEqual(new Set(created.templates.map((template) => template.id)));
  });

  it("refuses an unknown gallery id and a blank one, naming the field, and writes nothing", async () => {
    const { caller } = await createWorkspaceCaller();
    const unknown = await catchTRPCError(() => caller.journeys.createFromGallery({ galleryId: "newsletter" }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toContain('no journey "newsletter"');
    const blank = await catchTRPCError(() => caller.journeys.createFromGallery({ galleryId: " " }));
    expect(blank.code).toBe("BAD_REQUEST");
    expect(blank.message).toContain("galleryId");
    expect(await caller.journeys.list()).toEqual([]);
    expect(await caller.templates.list()).toEqual([]);
  });
});
