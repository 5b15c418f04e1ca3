// Accessibility checks with axe-core in the page under test: serious and critical violations
// fail the spec, each listed with its rule, what it means and the elements at fault, so the
// failure message alone says what to fix. The check is soft: a spec walking several pages
// reports every page's violations in one run, and still fails at its end.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const BLOCKING = new Set(["serious", "critical"]);

export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect.soft(blocking, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}
