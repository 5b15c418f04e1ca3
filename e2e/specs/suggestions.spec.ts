// Suggestions from the workspace's data: an event tracked over the ingest API reaches the
// catalogue (the dispatcher's loop), and typing part of its name in a trigger offers it in a
// keyboard-operable list; picking it fills the field, and free text stays allowed.
import { expect, test } from "../helpers/auth";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("typing in a trigger's event field offers seen event names", async ({ page, request, baseURL }) => {
  await sendTrackEvent(request, baseURL as string, { userId: `e2e-suggest-${randomSuffix()}`, event: "signed_up" });

  await page.goto("/journeys");
  await page.getByRole("button", { name: "New journey" }).click();
  await page.getByLabel("Journey name").fill(`E2E suggestions ${randomSuffix()}`);
  await page.getByRole("button", { name: "Create journey" }).click();
  await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
  await page.locator(".react-flow__node-trigger").click();

  const eventName = page.getByRole("combobox", { name: "Event name" });
  const suggestions = page.getByRole("listbox", { name: "Suggestions" });
  const option = suggestions.getByRole("option", { name: "signed_up", exact: true });
  // The catalogue loop folds new events in every few seconds: retype until it offers the name.
  await expect(async () => {
    await eventName.fill("");
    await eventName.pressSequentially("sign");
    await expect(option).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(eventName).toHaveAttribute("aria-expanded", "true");

  // Keyboard: the arrow marks an option, Escape closes the list and keeps the typed text.
  await eventName.press("ArrowDown");
  await expect(suggestions.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await expect(eventName).toHaveAttribute("aria-activedescendant", /.+/);
  await eventName.press("Escape");
  await expect(option).toBeHidden();
  await expect(eventName).toHaveValue("sign");

  await eventName.press("ArrowDown");
  await option.click();
  await expect(eventName).toHaveValue("signed_up");
  await expect(eventName).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator(".react-flow__node-trigger")).toContainText("signed_up");
});
