// Start from the gallery (issue 15): "New journey → Start from the gallery" shows the six
// ready-made journeys as cards; choosing "Abandoned cart" creates the draft with its templates
// and opens the editor on its graph, where the first case of the journey's own test file
// (packages/core/src/gallery/abandoned-cart.test.json), typed into the Test panel, runs and
// reads as its expectations say: the order ends the run on the goal before any reminder.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";

test.use({ viewport: { width: 1440, height: 900 } });

interface LinesCase {
  name: string;
  script: { contact: { email: string; traits: Record<string, unknown> }; lines: string };
}
const cartTests = JSON.parse(
  readFileSync(new URL("../../packages/core/src/gallery/abandoned-cart.test.json", import.meta.url), "utf8"),
) as { cases: LinesCase[] };

async function snapshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test("starts the abandoned cart from the gallery and runs its first test case", async ({ page }) => {
  await page.goto("/journeys");
  await page.getByTestId("new-journey").click();
  await page.getByTestId("start-from-gallery").click();
  const dialog = page.getByRole("dialog", { name: "Start from the gallery" });
  await expect(dialog.getByTestId("gallery-card")).toHaveCount(6);
  const cart = dialog.getByTestId("gallery-card").filter({ hasText: "Abandoned cart" });
  await expect(cart).toContainText("14 steps");
  await expect(cart).toContainText("added_to_cart");
  await snapshot(page, "journey-gallery");

  await cart.getByRole("button", { name: "Use Abandoned cart" }).click();
  await page.waitForURL(/\/journeys\/[0-9a-f-]+\/edit$/);
  for (const node of ["trigger", "wait-checkout", "split-incentive", "email-last-call"])
    await expect(canvasNode(page, node)).toBeVisible();

  const [first] = cartTests.cases;
  if (!first) throw new Error("the abandoned cart test file has no case");
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const panel = page.getByRole("region", { name: "Test run" });
  await panel.getByLabel("Email", { exact: true }).fill(first.script.contact.email);
  await panel.getByLabel("Traits (JSON)").fill(JSON.stringify(first.script.contact.traits));
  await panel.getByLabel("What they do, one per line").fill(first.script.lines);
  await panel.getByRole("button", { name: "Run test" }).click();

  const timeline = panel.getByRole("list", { name: "Timeline" });
  await expect(timeline).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(/Run completed \(goal\) · 0 emails/)).toBeVisible();
  await expect(timeline.getByText('goal met by "order_completed"')).toBeVisible();
  await expect(timeline.getByText(/— sent/)).toHaveCount(0);
  await expect(canvasNode(page, "wait-1h")).toHaveClass(/on-test-path/);
  await expect(canvasNode(page, "email-reminder")).not.toHaveClass(/on-test-path/);
  await snapshot(page, "journey-gallery-test-run");
});
