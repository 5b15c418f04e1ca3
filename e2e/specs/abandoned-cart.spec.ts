// Abandoned cart, end to end in a real browser: draw trigger → wait until checkout (or a
// short timeout) → branch on the cart value → A/B split → two emails, publish it, then
// drive both paths over HTTP: a contact who checks out in time gets nothing and the run
// inspector shows their wait `matched`, one who does not gets one of the two variant emails.
import type { Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import {
  canvasCenter,
  canvasEdge,
  canvasNode,
  connectHandles,
  dragNodeFromPalette,
  moveNode,
  zoomOut,
} from "../helpers/canvas";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1600, height: 1000 } });

/** Subjects of the two demo templates the split's variants send. */
const VARIANT_SUBJECTS = /Welcome to Mailstream|Getting started with Mailstream/;

async function select(page: Page, nodeId: string): Promise<void> {
  await canvasNode(page, nodeId).click();
}

/** Draws and publishes the abandoned-cart journey for `cartEvent` / `checkoutEvent`; returns the journey's Runs URL and the wait's node id. */
async function drawAndPublish(
  page: Page,
  suffix: string,
  cartEvent: string,
  checkoutEvent: string,
): Promise<{ runsUrl: string; waitId: string }> {
  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  await page.getByLabel("Journey name").fill(`E2E abandoned cart ${suffix}`);
  await page.getByRole("button", { name: "Create journey" }).click();
  await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);

  const triggerId = (await page.locator(".react-flow__node-trigger").getAttribute("data-id")) as string;

  const ids = await test.step("draw the journey", async () => {
    await zoomOut(page, 3);
    const c = await canvasCenter(page);
    const top = 70;
    await moveNode(page, triggerId, { x: c.x, y: top });
    const wait = await dragNodeFromPalette(page, "wait", { x: c.x, y: top + 100 });
    const exitMatched = await dragNodeFromPalette(page, "exit", { x: c.x - 240, y: top + 210 });
    const branch = await dragNodeFromPalette(page, "branch", { x: c.x + 60, y: top + 210 });
    const split = await dragNodeFromPalette(page, "split", { x: c.x + 60, y: top + 330 });
    const emailA = await dragNodeFromPalette(page, "email", { x: c.x - 90, y: top + 450 });
    const emailB = await dragNodeFromPalette(page, "email", { x: c.x + 210, y: top + 450 });
    const exitEnd = await dragNodeFromPalette(page, "exit", { x: c.x + 60, y: top + 560 });
    return { wait, exitMatched, branch, split, emailA, emailB, exitEnd };
  });

  await test.step("configure the steps", async () => {
    await select(page, triggerId);
    await page.getByLabel("Event name").fill(cartEvent);
    await expect(canvasNode(page, triggerId)).toContainText(`When ${cartEvent}`);

    await select(page, ids.wait);
    await page.getByLabel("Wait mode").selectOption("until_event");
    await page.getByLabel("Wait for event").fill(checkoutEvent);
    await page.getByLabel("Timeout", { exact: true }).fill("5");
    await page.getByLabel("Timeout unit").selectOption("seconds");
    await expect(canvasNode(page, ids.wait)).toContainText(`Wait until ${checkoutEvent} · 5 seconds`);
    await expect(canvasNode(page, ids.wait)).toContainText("Timed out");

    await select(page, ids.branch);
    await page.getByLabel("Group 1 condition 1 type").selectOption("trigger");
    await page.getByLabel("Group 1 condition 1 property").fill("properties.cart_value");
    await page.getByLabel("Group 1 condition 1 operator").selectOption("gt");
    await page.getByLabel("Group 1 condition 1 value").fill("10");
    await expect(canvasNode(page, ids.branch)).toContainText("If properties.cart_value > 10");

    await select(page, ids.split);
    await expect(page.getByTestId("split-total")).toContainText("Total 100%");
    await expect(canvasNode(page, ids.split)).toContainText("Split A 50% · B 50%");

    await select(page, ids.emailA);
    await page.getByLabel("Template").selectOption({ label: "Welcome" });
    await select(page, ids.emailB);
    await page.getByLabel("Template").selectOption({ label: "Getting started" });
  });

  await test.step("connect the outlets", async () => {
    await connectHandles(page, triggerId, ids.wait);
    await connectHandles(page, ids.wait, ids.exitMatched, { outlet: "matched" });
    await connectHandles(page, ids.wait, ids.branch, { outlet: "timed_out" });
    await connectHandles(page, ids.branch, ids.split, { outlet: "yes" });
    await connectHandles(page, ids.branch, ids.exitMatched, { outlet: "no" });
    await connectHandles(page, ids.split, ids.emailA, { outlet: "a" });
    await connectHandles(page, ids.split, ids.emailB, { outlet: "b" });
    await connectHandles(page, ids.emailA, ids.exitEnd);
    await connectHandles(page, ids.emailB, ids.exitEnd);
    await expect(canvasEdge(page, ids.wait, ids.branch)).toHaveCount(1);
    await expect(page.getByRole("region", { name: "Problems" })).toContainText("Ready to publish");
  });

  await test.step("publish", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 1")).toBeVisible();
    await page.screenshot({ path: "test-results/abandoned-cart-canvas.png" });
  });
  return { runsUrl: page.url().replace(/\/edit$/, "/runs"), waitId: ids.wait };
}

/** Opens the inspector of `email`'s run from the journey's Runs page and returns the wait's step rows. */
async function inspectWait(page: Page, runsUrl: string, email: string, waitId: string) {
  await page.goto(runsUrl);
  const row = page.getByTestId("run-row").filter({ hasText: email });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await row.getByRole("link", { name: "Inspect" }).click();
  await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
  return page.locator(`[data-testid="run-step"][data-node-id="${waitId}"]`);
}

// One drawing serves both paths (drawing the journey is most of the spec's time): the buyer and
// the abandoner enter the same published journey.
test("draw and publish it: a contact who checks out in time gets no reminder, one who abandons gets a variant", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  test.setTimeout(180_000);
  const suffix = randomSuffix();
  const cartEvent = `cart_abandoned_e2e_${suffix}`;
  const checkoutEvent = `checkout_${suffix}`;
  const { runsUrl, waitId } = await drawAndPublish(page, suffix, cartEvent, checkoutEvent);
  await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");

  const buyer = { userId: `e2e-buyer-${suffix}`, email: `e2e-buyer-${suffix}@example.test` };
  const abandoner = { userId: `e2e-abandoner-${suffix}`, email: `e2e-abandoner-${suffix}@example.test` };
  await sendTrackEvent(request, baseURL, {
    userId: buyer.userId,
    event: cartEvent,
    properties: { email: buyer.email, cart_value: 80 },
  });
  await sendTrackEvent(request, baseURL, {
    userId: abandoner.userId,
    event: cartEvent,
    properties: { email: abandoner.email, cart_value: 80 },
  });
  await sendTrackEvent(request, baseURL, {
    userId: buyer.userId,
    event: checkoutEvent,
    properties: { order_id: "o-1" },
  });

  // No checkout: after the 5 second timeout the abandoner's run takes `timed_out` → branch yes →
  // a variant. The buyer entered first, so their timeout has passed too.
  const entry = await waitForInboxEmail(page, VARIANT_SUBJECTS, { to: abandoner.email, timeoutMs: 60_000 });
  await expect(entry).toContainText(abandoner.email);
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: buyer.email })).toHaveCount(0);

  await test.step("the buyer's run took `matched`, the abandoner's `timed out`", async () => {
    const buyerWait = await inspectWait(page, runsUrl, buyer.email, waitId);
    await expect(buyerWait.filter({ hasText: "matched" })).toHaveCount(1, { timeout: 30_000 });
    await expect(buyerWait.filter({ hasText: "timed out" })).toHaveCount(0);
    await expect(page.getByTestId("run-status")).toHaveText("completed");
    const abandonerWait = await inspectWait(page, runsUrl, abandoner.email, waitId);
    await expect(abandonerWait.filter({ hasText: "timed out" })).toHaveCount(1);
    await expect(abandonerWait.filter({ hasText: "matched" })).toHaveCount(0);
  });
});
