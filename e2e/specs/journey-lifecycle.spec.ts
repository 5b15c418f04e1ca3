// A journey's life after publishing, in a real browser: a contact enters over HTTP and
// waits; the Runs page lists the run on its version; the run inspector shows the step it
// is on; the journey is paused and resumed (the run is held, not ended); the run is ended
// from the UI with a recorded reason; archiving asks first and leaves the journey archived.
import { expect, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("publish, watch a run, pause and resume, end the run, archive", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const eventName = `e2e_lifecycle_${suffix}`;
  const email = `e2e-lifecycle-${suffix}@example.test`;
  const name = `E2E lifecycle ${suffix}`;

  await test.step("draw trigger → wait 1 day → email → exit and publish", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(name);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    const trigger = page.locator(".react-flow__node-trigger");
    await canvasNode(page, (await trigger.getAttribute("data-id")) as string).click();
    await page.getByLabel("Event name").fill(eventName);
    // Click-to-add wires each new step below the selected one and selects it.
    await page.getByRole("button", { name: "Add Wait step" }).click();
    await expect(page.getByLabel("Wait for", { exact: true })).toHaveValue("1");
    await page.getByRole("button", { name: "Add Email step" }).click();
    await page.getByLabel("Template").selectOption({ label: "Welcome" });
    await page.getByRole("button", { name: "Add Exit step" }).click();
    await expect(page.getByRole("region", { name: "Problems" })).toContainText("Ready to publish");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");
  });

  await test.step("a contact enters over HTTP and shows up on the Runs page", async () => {
    await sendTrackEvent(request, baseURL, {
      userId: `e2e-lifecycle-${suffix}`,
      event: eventName,
      properties: { email },
    });
    await page.getByRole("link", { name: "Runs" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/runs$/);
    await expect(page.getByTestId("journey-versions").getByTestId("version-row")).toContainText("v1");
    const row = page.getByTestId("run-row");
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect(row).toContainText(email);
    await expect(row).toContainText("v1");
    await expect(row).toContainText("active");
  });

  await test.step("the inspector shows the run waiting on its version", async () => {
    await page.getByRole("link", { name: "Inspect" }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("run-status")).toHaveText("active");
    await expect(page.getByTestId("run-details")).toContainText("version 1");
    await expect(page.getByTestId("run-steps")).toContainText("pausing for 1 day", { timeout: 30_000 });
    await expect(page.getByTestId("run-current-node")).toContainText("Wait");
  });
  const runUrl = page.url();

  await test.step("pause and resume the journey: the run is held, not ended", async () => {
    await page.getByRole("link", { name, exact: true }).first().click();
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("paused");
    await expect(page.getByTestId("run-row")).toContainText("active");
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("live");
    await expect(page.getByTestId("run-row")).toContainText("active");
  });

  await test.step("end the run from the inspector", async () => {
    await page.goto(runUrl);
    await page.getByRole("button", { name: "End run" }).click();
    const dialog = page.getByRole("dialog", { name: "End this run?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "End run" }).click();
    await expect(page.getByTestId("run-status")).toHaveText("exited", { timeout: 30_000 });
    await expect(page.getByTestId("run-end-reason")).toHaveText("ended from the UI");
    await expect(page.getByRole("button", { name: "End run" })).toHaveCount(0);
  });

  await test.step("archive asks first, then the journey is archived", async () => {
    await page.getByRole("link", { name, exact: true }).first().click();
    await page.getByRole("button", { name: "Archive" }).click();
    const dialog = page.getByRole("dialog", { name: "Archive this journey?" });
    await expect(dialog).toContainText("journey archived");
    await dialog.getByRole("button", { name: "Archive journey" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("archived");
    await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
    await expect(page.getByTestId("run-row")).toContainText("ended from the UI");
  });
});
