// Every seeded template renders byte-identically through the compiled renderer (what sends use)
// and through renderEmail (previews), for a typical, a hostile and a bare contact; with click and
// open tracking, as the whole rendered email read by rewriteLinks and addOpenPixel.
import { compileTemplate, renderCompiled } from "@mailstream/emails/compiled";
import { renderEmail, type RenderContext } from "@mailstream/emails/render";
import { trackWholeHtml, type EmailTracking } from "@mailstream/emails/tracking/rewrite";
import { describe, expect, it } from "vitest";
import { DEMO_TEMPLATES } from "./seed-demo-workspace";

const contexts: Record<string, RenderContext> = {
  typical: {
    contact: { first_name: "Ada", email: "ada@example.test", userId: "u-1" },
    event: { name: "signed_up", plan: "pro", product: "a lamp", properties: { plan: "pro", product: "a lamp" } },
    journey: { id: "j", name: "Welcome" },
  },
  hostile: {
    contact: {
      first_name: `<img src=x onerror=alert(1)> "quoted" 'single' & {{ contact.email }} 😀`,
      email: "e@example.test",
    },
    event: { name: "x", properties: { plan: "[pro](https://evil.test)\n\n**x**", product: "{% raw %}" } },
    journey: { id: "j", name: "J" },
  },
  bare: { contact: {}, event: { properties: {} }, journey: {} },
};

const tracking: EmailTracking = {
  trackUrl: (url) => `https://ms.test/t/c/${encodeURIComponent(url)}&"`,
  skipPrefix: "https://ms.test/unsubscribe/",
  isTrackable: (url) => !url.includes("evil.test"),
  pixelUrl: "https://ms.test/t/o/tok",
};

describe("seeded templates through the compiled renderer", () => {
  for (const [key, template] of Object.entries(DEMO_TEMPLATES)) {
    it(`${key}: the same subject, HTML and text as renderEmail`, async () => {
      const compiled = await compileTemplate(template);
      for (const [name, context] of Object.entries(contexts)) {
        for (const unsubscribeUrl of [undefined, "https://ms.test/unsubscribe/tok"]) {
          const expected = await renderEmail({ template, context, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) });
          expect(renderCompiled(compiled, { context, unsubscribeUrl }), `${name}`).toEqual(expected);
          expect(compiled.linksPlaced).toBe(true);
          expect(renderCompiled(compiled, { context, unsubscribeUrl, tracking }), `${name}, tracked`).toEqual({
            ...expected,
            html: trackWholeHtml(expected.html, tracking),
          });
        }
      }
    });
  }
});
