// Editing like a modern canvas: undo/redo of adds, box selection and duplicate, click-to-add
// that asks for (or finds) a free outlet and never rewires a path, Tidy up and its undo, and
// copy in one journey, paste into another through the system clipboard.
import type { Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { canvasEdge, canvasNode, canvasPane } from "../helpers/canvas";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

async function createJourney(page: Page, name: string): Promise<string> {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  await page.getByLabel("Journey name").fill(name);
  await page.getByRole("button", { name: "Create journey" }).click();
  await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
  return (await page.locator(".react-flow__node-trigger").getAttribute("data-id")) as string;
}

const idOf = async (page: Page, kind: string, index = 0) =>
  (await page.locator(`.react-flow__node-${kind}`).nth(index).getAttribute("data-id")) as string;
const nodes = (page: Page) => page.locator(".react-flow__node");
const positions = (page: Page) =>
  nodes(page).evaluateAll((els) =>
    els.map((el) => `${el.getAttribute("data-id")} ${(el as HTMLElement).style.transform}`),
  );

test("undo/redo, box select and duplicate, click-to-add outlets, tidy up, paste into another journey", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const suffix = randomSuffix();
  const triggerId = await createJourney(page, `E2E canvas undo ${suffix}`);

  // Two adds, one undo each way.
  await canvasNode(page, triggerId).click();
  await page.getByTestId("palette-wait").click();
  await page.getByTestId("palette-email").click();
  await expect(nodes(page)).toHaveCount(3);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodes(page)).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(nodes(page)).toHaveCount(3);
  const waitId = await idOf(page, "wait");
  const emailId = await idOf(page, "email");
  await expect(canvasEdge(page, waitId, emailId)).toHaveCount(1);

  // The email keeps its template through copy and paste.
  await canvasNode(page, emailId).click();
  await page.getByLabel("Template").selectOption({ label: "Welcome" });

  // Shift+drag around the wait and the email selects both; Ctrl+D duplicates them and their edge.
  const waitBox = await canvasNode(page, waitId).boundingBox();
  const emailBox = await canvasNode(page, emailId).boundingBox();
  if (!waitBox || !emailBox) throw new Error("the steps are not on screen");
  await page.keyboard.down("Shift");
  await page.mouse.move(waitBox.x - 30, waitBox.y - 12);
  await page.mouse.down();
  await page.mouse.move(emailBox.x + emailBox.width + 10, emailBox.y + emailBox.height + 10, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  await expect(page.getByRole("region", { name: "Inspector" })).toContainText("2 steps selected");
  await page.keyboard.press("ControlOrMeta+d");
  await expect(nodes(page)).toHaveCount(5);
  await expect(page.locator(".react-flow__node-email")).toHaveCount(2);
  await expect(canvasEdge(page, await idOf(page, "wait", 1), await idOf(page, "email", 1))).toHaveCount(1);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(nodes(page)).toHaveCount(3);
  // Clicking the empty canvas clears the selection (a click inside it would drag the group).
  await canvasPane(page).click({ position: { x: 40, y: 300 } });

  // A branch with both outlets free asks which; with Yes wired, the next step goes to No unasked.
  await canvasNode(page, emailId).click();
  await page.getByTestId("palette-branch").click();
  const branchId = await idOf(page, "branch");
  await page.getByTestId("palette-exit").click();
  const question = page.getByRole("group", { name: "Add Exit from which outlet?" });
  await question.getByRole("button", { name: "Yes" }).click();
  const exitId = await idOf(page, "exit");
  await expect(page.locator(`.react-flow__edge[data-id="e-${branchId}.yes-${exitId}"]`)).toHaveCount(1);
  await canvasNode(page, branchId).click();
  await page.getByTestId("palette-webhook").click();
  await expect(question).toHaveCount(0);
  const webhookId = await idOf(page, "webhook");
  await expect(page.locator(`.react-flow__edge[data-id="e-${branchId}.no-${webhookId}"]`)).toHaveCount(1);
  await expect(page.locator(`.react-flow__edge[data-id="e-${branchId}.yes-${exitId}"]`)).toHaveCount(1);

  // Tidy up moves the steps; one undo puts every one back.
  const before = await positions(page);
  await page.getByRole("button", { name: "Tidy up" }).click();
  await expect.poll(() => positions(page)).not.toEqual(before);
  await page.keyboard.press("ControlOrMeta+z");
  await expect.poll(() => positions(page)).toEqual(before);

  // Copy the email (Ctrl+C), save, and paste it into a second journey with its template.
  await canvasPane(page).click({ position: { x: 40, y: 300 } });
  await canvasNode(page, emailId).click();
  await page.keyboard.press("ControlOrMeta+c");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");

  await createJourney(page, `E2E canvas paste ${suffix}`);
  await canvasPane(page).click({ position: { x: 40, y: 300 } });
  await page.keyboard.press("ControlOrMeta+v");
  await expect(page.locator(".react-flow__node-email")).toHaveCount(1);
  await expect(page.locator(".react-flow__node-email")).toContainText('Send "Welcome"');
  await expect(page.locator(".react-flow__node-email")).not.toHaveAttribute("data-id", emailId);
  await expect(page.getByText("Pasted 1 step")).toBeVisible();

  // Text that is not copied steps is refused with a word, and nothing changes.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData(
      "text/plain",
      '{"format":"mailstream/journey-steps","version":1,"nodes":[{"id":"x","data":{"kind":"nope"}}]}',
    );
    document.body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
  });
  await expect(page.getByText("Nothing to paste")).toBeVisible();
  await expect(nodes(page)).toHaveCount(2);
});
