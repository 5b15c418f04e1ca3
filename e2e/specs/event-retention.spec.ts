// Settings → Event retention in a real browser: keep forever by default, a too-short
// retention is refused with the reason and nothing saved, a number of days is saved and
// survives a reload, and "keep forever" comes back. The demo workspace ends as it started.
import { expect, test } from "../helpers/auth";

test.use({ viewport: { width: 1440, height: 900 } });

test("choose how long events are kept", async ({ page }) => {
  const card = page.getByTestId("event-retention");
  const days = card.getByLabel("Days to keep events");

  await test.step("keep forever is the default", async () => {
    await page.goto("/settings");
    await expect(card.getByTestId("retention-forever")).toBeChecked();
    await expect(days).toBeDisabled();
  });

  await test.step("7 days is refused, with the reason", async () => {
    await card.getByTestId("retention-days").check();
    await days.fill("7");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByRole("alert")).toHaveText(/at least 30 days/);
    await page.reload();
    await expect(card.getByTestId("retention-forever")).toBeChecked();
  });

  await test.step("400 days is saved and survives a reload", async () => {
    await card.getByTestId("retention-days").check();
    await days.fill("400");
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByText("Saved")).toBeVisible();
    await page.reload();
    await expect(card.getByTestId("retention-days")).toBeChecked();
    await expect(days).toHaveValue("400");
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath("event-retention.png") });
  });

  await test.step("back to keep forever", async () => {
    await card.getByTestId("retention-forever").check();
    await card.getByRole("button", { name: "Save" }).click();
    await expect(card.getByText("Saved")).toBeVisible();
    await page.reload();
    await expect(card.getByTestId("retention-forever")).toBeChecked();
  });
});
