// The first journey, end to end in a real browser: draw trigger → email → exit on the
// canvas, publish, send an event over HTTP, then watch the live metrics count it (without
// a reload) and find the email in the Inbox.
import { expect, test } from "../helpers/auth";
import { canvasCenter, canvasNode, connectHandles, dragNodeFromPalette } from "../helpers/canvas";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

// Wide enough that the palette, canvas and inspector all fit beside the app's sidebar.
test.use({ viewport: { width: 1440, height: 900 } });

test("draw, publish and run a first journey", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const eventName = `e2e_signed_up_${suffix}`;
  const email = `e2e-${suffix}@example.test`;
  const userId = `e2e-user-${suffix}`;

  await test.step("create a journey", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(`E2E welcome ${suffix}`);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    await expect(page.getByRole("heading", { name: `E2E welcome ${suffix}` })).toBeVisible();
  });
  const journeyId = /\/journeys\/([0-9a-f-]{36})\/edit$/.exec(page.url())?.[1] as string;

  // A new journey starts with its trigger; the view is centred on it.
  const triggerNode = page.locator(".react-flow__node-trigger");
  await expect(triggerNode).toHaveCount(1);
  const triggerId = (await triggerNode.getAttribute("data-id")) as string;

  const { emailId, exitId } = await test.step("draw trigger → email → exit", async () => {
    const center = await canvasCenter(page);
    const emailId = await dragNodeFromPalette(page, "email", { x: center.x + 40, y: center.y + 150 });
    const exitId = await dragNodeFromPalette(page, "exit", { x: center.x + 40, y: center.y + 290 });
    await connectHandles(page, triggerId, emailId);
    await connectHandles(page, emailId, exitId);
    return { emailId, exitId };
  });

  await test.step("configure the steps in the inspector", async () => {
    await canvasNode(page, triggerId).click();
    await page.getByLabel("Event name").fill(eventName);
    await expect(canvasNode(page, triggerId)).toContainText(`When ${eventName}`);

    await canvasNode(page, emailId).click();
    await page.getByLabel("Template").selectOption({ label: "Welcome" });
    await expect(canvasNode(page, emailId)).toContainText('Send "Welcome"');
    await expect(canvasNode(page, exitId)).toContainText("Exit");
    await expect(page.getByRole("region", { name: "Problems" })).toContainText("Ready to publish");
  });

  await test.step("publish", async () => {
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Published version 1")).toBeVisible();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");
    await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  });

  await test.step("open the live metrics before any event", async () => {
    await page.getByRole("link", { name: "View live metrics →" }).click();
    await page.waitForURL(`**/journeys/${journeyId}/metrics`);
    await expect(page.getByTestId("metric-entered")).toHaveText("0");
  });
  // From here on the metrics page must update in place: any navigation would be a reload.
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });

  await test.step("send the trigger event over HTTP", async () => {
    await sendTrackEvent(request, baseURL, { userId, event: eventName, properties: { email } });
  });

  await test.step("the metrics page counts the run without a reload", async () => {
    await expect(page.getByTestId("metric-entered")).toHaveText("1", { timeout: 30_000 });
    await expect(page.getByTestId(`node-count-${emailId}`)).toHaveText("1", { timeout: 30_000 });
    expect(navigations, "the metrics page should update in place").toEqual([]);
  });

  await test.step("the email is in the Inbox", async () => {
    const entry = await waitForInboxEmail(page, /Welcome/i, { to: email });
    await expect(entry).toContainText(email);
  });
});
