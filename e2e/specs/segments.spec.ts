// Segments in a real browser: build a segment in the builder, then identify contacts over
// HTTP and watch the live member count and member list change — entering, then leaving.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS = process.env.MAILSTREAM_E2E_SCREENSHOTS;

async function identify(request: APIRequestContext, baseURL: string, userId: string, traits: Record<string, unknown>) {
  const response = await request.post(new URL("/api/v1/identify", baseURL).toString(), {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
    data: { userId, traits, messageId: crypto.randomUUID() },
  });
  expect(response.status(), await response.text()).toBe(200);
}

test("build a segment and watch its members change as events arrive", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const name = `Gold tier ${suffix}`;
  const tier = `gold-${suffix}`;
  const userId = `e2e-segment-${suffix}`;

  await test.step("build the segment in the UI", async () => {
    await page.goto("/segments");
    await expect(page.getByRole("link", { name: "Segments" })).toHaveAttribute("aria-current", "page");
    await page.getByTestId("new-segment").click();
    await page.waitForURL(/\/segments\/new$/);
    await page.getByLabel("Segment name").fill(name);
    await page.getByLabel("Group 1 rule 1 trait").fill("e2e_tier");
    await page.getByLabel("Group 1 rule 1 value").fill(tier);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/segment-builder.png`, fullPage: true });
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByTestId("segment-member-count")).toHaveText("0");
  });

  await test.step("an identify over HTTP brings the contact in", async () => {
    await identify(request, baseURL, userId, { e2e_tier: tier, email: `${userId}@example.test` });
    await expect(page.getByTestId("segment-member-count")).toHaveText("1", { timeout: 30_000 });
    await expect(page.locator(`[data-testid="segment-member"][data-user-id="${userId}"]`)).toBeVisible();
    await expect(page.getByTestId("segment-size-chart")).toBeVisible();
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/segment-page.png`, fullPage: true });
  });

  await test.step("the list shows the live count", async () => {
    await page.goto("/segments");
    await expect(
      page.locator(`[data-testid="segment-row"][data-name="${name}"] [data-testid="segment-count"]`),
    ).toHaveText("1");
  });

  await test.step("a changed trait takes the contact out again", async () => {
    await identify(request, baseURL, userId, { e2e_tier: "silver" });
    await expect(
      page.locator(`[data-testid="segment-row"][data-name="${name}"] [data-testid="segment-count"]`),
    ).toHaveText("0", { timeout: 30_000 });
  });

  await test.step("a bad rule gets a clear error", async () => {
    await page.goto("/segments/new");
    await page.getByLabel("Segment name").fill(`Broken ${suffix}`);
    await page.getByRole("button", { name: "Create segment" }).click();
    await expect(page.getByTestId("segment-error")).toContainText("Group 1, rule 1: choose a trait name");
  });
});
