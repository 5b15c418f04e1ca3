// Editing on the canvas without the mouse-drag paths: click-to-add wiring, live
// validation on the nodes, a publish the server rejects, keyboard delete that keeps the
// chain connected, and a saved draft that survives a reload.
import { expect, test } from "../helpers/auth";
import { canvasEdge, canvasNode } from "../helpers/canvas";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("click-to-add, validation on nodes, rejected publish, delete and save", async ({ page }) => {
  const name = `E2E editing ${randomSuffix()}`;
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  await page.getByLabel("Journey name").fill(name);
  await page.getByRole("button", { name: "Create journey" }).click();
  await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);

  const trigger = page.locator(".react-flow__node-trigger");
  const triggerId = (await trigger.getAttribute("data-id")) as string;
  const problems = page.getByRole("region", { name: "Problems" });
  await expect(problems).toContainText("no event name");

  // Click-to-add continues from the selected step and wires it in.
  await trigger.click();
  await page.getByTestId("palette-wait").click();
  await page.getByTestId("palette-email").click();
  await page.getByTestId("palette-exit").click();
  const waitId = (await page.locator(".react-flow__node-wait").getAttribute("data-id")) as string;
  const emailId = (await page.locator(".react-flow__node-email").getAttribute("data-id")) as string;
  const exitId = (await page.locator(".react-flow__node-exit").getAttribute("data-id")) as string;
  await expect(canvasEdge(page, triggerId, waitId)).toHaveCount(1);
  await expect(canvasEdge(page, waitId, emailId)).toHaveCount(1);
  await expect(canvasEdge(page, emailId, exitId)).toHaveCount(1);
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes");

  // Publishing with problems is refused by the server; the nodes at fault are marked.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Not published: fix 2 problems first")).toBeVisible();
  await expect(canvasNode(page, triggerId).locator("[aria-invalid]")).toHaveAttribute("aria-invalid", "true");
  await expect(canvasNode(page, emailId).locator("[aria-invalid]")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  // Clicking a problem selects its node; fixing it in the inspector clears it live.
  await problems.getByRole("button", { name: /^Email/ }).click();
  await expect(page.getByRole("region", { name: "Email settings" })).toBeVisible();
  await page.getByLabel("Template").selectOption({ label: "Welcome" });
  await expect(canvasNode(page, emailId).locator("[aria-invalid]")).toHaveAttribute("aria-invalid", "false");

  await canvasNode(page, triggerId).click();
  await page.getByLabel("Event name").fill(`e2e_editing_${randomSuffix()}`);
  await canvasNode(page, waitId).click();
  await page.getByLabel("Wait for").fill("2");
  await page.getByLabel("Unit").selectOption("hours");
  await expect(canvasNode(page, waitId)).toContainText("Wait 2 hours");
  await expect(problems).toContainText("Ready to publish");

  // Deleting the middle step with the keyboard keeps the journey connected.
  await canvasNode(page, waitId).click();
  await page.keyboard.press("Delete");
  await expect(canvasNode(page, waitId)).toHaveCount(0);
  await expect(canvasEdge(page, triggerId, emailId)).toHaveCount(1);
  await expect(problems).toContainText("Ready to publish");

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await page.reload();
  await expect(page.locator(".react-flow__node")).toHaveCount(3);
  await expect(canvasEdge(page, triggerId, emailId)).toHaveCount(1);
  await expect(canvasNode(page, emailId)).toContainText('Send "Welcome"');
  await expect(page.getByTestId("journey-status")).toHaveText("Draft");
});
