// Republish with "move" in a real browser: a contact waits in version 1; the journey is changed
// and published again; the review lists the contact at its step; "Move them to the new version"
// publishes version 2 and moves the run through its workflow; the Runs page shows it on v2.
import { expect, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("republish with move: the waiting contact continues on the new version", async ({
  page,
  request,
  baseURL,
}, testInfo) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const eventName = `e2e_republish_${suffix}`;
  const email = `e2e-republish-${suffix}@example.test`;
  const name = `E2E republish ${suffix}`;

  await test.step("publish trigger → wait 1 day → exit; a contact enters and waits", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(name);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    const trigger = page.locator(".react-flow__node-trigger");
    await canvasNode(page, (await trigger.getAttribute("data-id")) as string).click();
    await page.getByLabel("Event name").fill(eventName);
    await page.getByRole("button", { name: "Add Wait step" }).click();
    await page.getByRole("button", { name: "Add Exit step" }).click();
    await expect(page.getByRole("region", { name: "Problems" })).toContainText("Ready to publish");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");
    await sendTrackEvent(request, baseURL, {
      userId: `e2e-republish-${suffix}`,
      event: eventName,
      properties: { email },
    });
  });

  await test.step("change the wait and publish: the review lists the waiting contact", async () => {
    const wait = page.locator(".react-flow__node-wait");
    await canvasNode(page, (await wait.getAttribute("data-id")) as string).click();
    await page.getByLabel("Wait for", { exact: true }).fill("2");
    // The run may still be entering: review again (Cancel, Publish) until it waits on its step.
    const dialog = page.getByRole("dialog", { name: "Publish over a live version" });
    const waitRow = dialog.locator('tr[data-step^="wait"]');
    await expect(async () => {
      await page.getByRole("button", { name: "Publish" }).click();
      await expect(dialog).toBeVisible({ timeout: 5_000 });
      try {
        await expect(waitRow.locator("td").nth(1)).toHaveText("1", { timeout: 2_000 });
      } catch (error) {
        await dialog.getByRole("button", { name: "Cancel" }).click();
        throw error;
      }
    }).toPass({ timeout: 60_000 });
    await expect(dialog).toContainText("1 contact is in version 1");
    // The review does not sit over the last publish's notice, and the draft it reads is saved.
    await expect(page.getByText("Published version 1")).toHaveCount(0);
    await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
    await expect(waitRow).toContainText("Wait · ");
    await dialog.getByRole("radio", { name: /Move them to the new version/ }).check();
    await expect(waitRow.getByRole("combobox")).toHaveValue(/^wait-/);
    await page.screenshot({ path: testInfo.outputPath("republish-review.png") });
    await dialog.getByRole("button", { name: "Publish and move" }).click();
    const moving = page.getByRole("dialog", { name: "Moving contacts to the new version" });
    await expect(moving.getByRole("status")).toContainText("Done: 1 of 1 settled", { timeout: 30_000 });
    await expect(moving).toContainText("1 moved to the new version");
    await moving.getByRole("button", { name: "Close" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v2");
  });

  await test.step("the Runs page shows the contact on version 2, still active", async () => {
    await page.getByRole("link", { name: "Runs" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/runs$/);
    const row = page.getByTestId("run-row");
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect(row).toContainText(email);
    await expect(row).toContainText("v2");
    await expect(row).toContainText("active");
  });
});
