// The gallery's definitions, checked without a server: each graph is valid as the canvas would
// save it, its events list says what it listens for, its test file names only its own steps,
// and each template is valid, safe, renders for a contact with no traits at all and skips
// nobody for a missing value. Every case's run is gallery-test-runs.test.ts.
import { describe, expect, it } from "vitest";
import { findUnsafeLinks } from "@mailstream/emails/links";
import { renderEmail } from "@mailstream/emails/render";
import { findOutputsWithoutDefault } from "@mailstream/emails/required";
import { ZTemplateContentSchema } from "@mailstream/emails/template";
import { compileGraph } from "@mailstream/journey/compile";
import { parseGraph } from "@mailstream/journey/parse";
import { planEventNames } from "../test-runs/plan-events";
import { withTemplateIds } from "./create-from-gallery";
import { GALLERY, listGallery } from "./gallery";

/** Pseudo steps a run records when its settings end it (temporal/workflows run-settings.ts). */
const SETTINGS_STEPS = new Set(["$goal", "$exit_criterion"]);

describe("the gallery's definitions", () => {
  it("has six entries with unique ids, each with a 2–4 case test file for the journey of its name", () => {
    expect(GALLERY.map((entry) => entry.id)).toEqual([
      "welcome-series",
      "abandoned-cart",
      "browse-abandonment",
      "win-back",
      "re-engagement",
      "post-purchase-review",
    ]);
    for (const entry of GALLERY) {
      expect(entry.tests.journey, entry.id).toBe(entry.name);
      expect(entry.tests.cases.length, entry.id).toBeGreaterThanOrEqual(2);
      expect(entry.tests.cases.length, entry.id).toBeLessThanOrEqual(4);
    }
  });

  for (const entry of GALLERY) {
    describe(entry.name, () => {
      const keys = Object.keys(entry.templates);
      const graph = withTemplateIds(entry, Object.fromEntries(keys.map((key) => [key, `template-${key}`])));

      it("is a graph the canvas saves and publishing compiles, sending every one of its templates", () => {
        const parsed = parseGraph(entry.graph);
        expect(parsed.ok && parsed.graph).toEqual(entry.graph);
        const compiled = compileGraph(graph, { templateIds: new Set(keys.map((key) => `template-${key}`)) });
        expect(compiled.ok ? [] : compiled.issues).toEqual([]);
        const sent = graph.nodes.flatMap((node) => (node.data.kind === "email" ? [node.data.templateId] : []));
        expect(new Set(sent)).toEqual(new Set(keys.map((key) => `template-${key}`)));
      });

      it("lists exactly the events it listens for", () => {
        const compiled = compileGraph(graph, { templateIds: new Set(keys.map((key) => `template-${key}`)) });
        if (!compiled.ok) throw new Error("does not compile");
        expect(new Set(entry.events.map((event) => event.name))).toEqual(planEventNames(compiled.plan));
      });

      it("names only its own steps in its test file", () => {
        const ids = new Set([...entry.graph.nodes.map((node) => node.id), ...SETTINGS_STEPS]);
        for (const testCase of entry.tests.cases) {
          const { path = [], visits = [], skips = [], emails = [] } = testCase.expect;
          const named = [...path, ...visits, ...skips, ...emails.map((email) => email.step)];
          expect(
            named.filter((id) => !ids.has(id)),
            testCase.name,
          ).toEqual([]);
        }
      });

      for (const [key, template] of Object.entries(entry.templates)) {
        it(`template "${template.name}" is valid, safe and renders for a contact with no traits`, async () => {
          expect(ZTemplateContentSchema.safeParse(template.content).success, key).toBe(true);
          expect(findUnsafeLinks(template.content)).toEqual([]);
          expect(findOutputsWithoutDefault(template.content)).toEqual([]);
          const rendered = await renderEmail({
            template: template.content,
            context: { contact: { email: "someone@example.test" }, event: {}, journey: { id: "j", name: entry.name } },
          });
          expect(rendered.subject).not.toMatch(/\{\{|\{%|undefined/);
          expect(rendered.text.length).toBeGreaterThan(40);
        });
      }
    });
  }

  it("summarises each entry for its card: steps by kind, events, templates, cases", () => {
    const cart = listGallery().find((summary) => summary.id === "abandoned-cart");
    expect(cart).toMatchObject({ name: "Abandoned cart", stepCount: 14, templateCount: 5, testCaseCount: 4 });
    expect(cart?.kinds).toContainEqual({ kind: "email", label: "Email", count: 5 });
    expect(cart?.events.map((event) => event.name)).toEqual(["added_to_cart", "checkout_started", "order_completed"]);
  });
});
