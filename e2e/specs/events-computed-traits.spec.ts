// Computed traits and event schemas in a real browser: define a lifetime-value trait on
// Contacts → Computed traits, send orders over HTTP and see the sum on the contact's
// profile; define a schema on Events → Event schemas and see a breaking event flagged on
// the Events page (the workspace's default mode is "flag").
import { expect, test } from "../helpers/auth";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("a computed trait sums orders onto the profile; a schema flags a bad event", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const userId = `e2e-ct-${suffix}`;
  const eventName = `order_${suffix}`;
  const key = `ltv_${suffix}`;

  await test.step("define lifetime value = sum of total", async () => {
    await page.goto("/contacts");
    await page.getByTestId("computed-traits-link").click();
    await page.getByTestId("new-computed-trait").click();
    await page.getByTestId("ct-key").fill(key);
    await page.getByTestId("ct-kind").selectOption("sum");
    await page.getByTestId("ct-event").fill(eventName);
    await page.getByTestId("ct-property").fill("total");
    await page.getByTestId("ct-save").click();
    await expect(page.locator(`[data-testid="computed-trait-definition"][data-trait="${key}"]`)).toContainText(
      `sum of total over ${eventName}`,
    );
  });

  await test.step("orders arrive and the profile shows their sum", async () => {
    await sendTrackEvent(request, baseURL, { userId, event: eventName, properties: { total: 12.5 } });
    await sendTrackEvent(request, baseURL, { userId, event: eventName, properties: { total: 30 } });
    await page.goto("/contacts");
    await expect(async () => {
      await page.getByLabel("Search contacts").fill("");
      await page.getByLabel("Search contacts").fill(userId);
      await expect(page.locator(`[data-testid="contact-row"][data-user-id="${userId}"]`)).toBeVisible({
        timeout: 2_000,
      });
    }).toPass({ timeout: 30_000 });
    await page.getByRole("link", { name: userId }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    const row = page.locator(`[data-testid="computed-trait-row"][data-trait="${key}"]`);
    await expect(async () => {
      await page.reload();
      await expect(row).toContainText("42.5", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  });

  await test.step("a schema requiring a numeric total flags a bad order", async () => {
    await page.goto("/events");
    await expect(page.getByRole("link", { name: "Events" })).toHaveAttribute("aria-current", "page");
    await page.getByTestId("event-schemas-link").click();
    await page.getByTestId("new-schema").click();
    await page.getByTestId("schema-event").fill(eventName);
    await page.getByTestId("rule-name").fill("total");
    await page.getByTestId("rule-type").selectOption("number");
    await page.getByTestId("schema-save").click();
    await expect(page.locator(`[data-testid="schema-row"][data-event="${eventName}"]`)).toContainText(
      "total: number, required",
    );

    await sendTrackEvent(request, baseURL, { userId, event: eventName, properties: { total: "lots" } });
    await page.goto("/events");
    await page.getByTestId("events-name").fill(eventName);
    await page.getByTestId("events-flagged").check();
    const flagged = page.locator(`[data-testid="event-row"][data-event="${eventName}"][data-flagged="yes"]`);
    await expect(flagged).toHaveCount(1, { timeout: 15_000 });
    await expect(flagged.getByTestId("event-problems")).toContainText(
      'properties.total must be a number, got string "lots"',
    );
  });
});
