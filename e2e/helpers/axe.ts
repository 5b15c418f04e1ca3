// Accessibility checks with axe-core on the page as it stands: the WCAG 2.1 A and AA rules,
// and a spec fails on any violation axe rates serious or critical (minor and moderate ones
// are reported by axe but left to review). One helper, so every page is held to one bar.
import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/** Runs axe on `page` and fails naming each serious or critical violation and the elements at fault. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const failing = results.violations
    .filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(failing, `serious or critical accessibility violations on ${page.url()}`).toEqual([]);
}
