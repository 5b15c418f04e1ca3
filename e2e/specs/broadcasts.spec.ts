// Broadcasts in a real browser: two contacts arrive over HTTP into a segment, a broadcast to
// that segment is drafted with a conversion goal (the estimate counts them), sent now, and its
// page shows the send finish: two recipients, two sent, delivered in the funnel; one contact's
// goal event arrives and the funnel shows one converted; listed on the Broadcasts page.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS = process.env.MAILSTREAM_E2E_SCREENSHOTS;

async function ingest(request: APIRequestContext, baseURL: string, path: string, data: Record<string, unknown>) {
  const response = await request.post(new URL(path, baseURL).toString(), {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
    data: { ...data, messageId: crypto.randomUUID() },
  });
  expect(response.status(), await response.text()).toBe(200);
}
const identify = (request: APIRequestContext, baseURL: string, userId: string, traits: Record<string, unknown>) =>
  ingest(request, baseURL, "/api/v1/identify", { userId, traits });

test("draft a broadcast to a small segment, send it and see the counts", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const segmentName = `Broadcast audience ${suffix}`;
  const name = `Launch ${suffix}`;
  const goal = `e2e_purchased_${suffix}`;

  await test.step("two contacts in a segment", async () => {
    for (const who of ["ada", "grace"]) {
      const userId = `e2e-broadcast-${who}-${suffix}`;
      await identify(request, baseURL, userId, {
        e2e_launch: suffix,
        first_name: who,
        email: `${userId}@example.test`,
      });
    }
    await page.goto("/segments/new");
    await page.getByLabel("Segment name").fill(segmentName);
    await page.getByLabel("Group 1 rule 1 trait").fill("e2e_launch");
    await page.getByLabel("Group 1 rule 1 value").fill(suffix);
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("segment-member-count")).toHaveText("2", { timeout: 30_000 });
  });

  await test.step("draft the broadcast with the audience estimate", async () => {
    await page.goto("/broadcasts");
    await expect(page.getByRole("link", { name: "Broadcasts" }).first()).toHaveAttribute("aria-current", "page");
    await page.getByTestId("new-broadcast").click();
    await page.waitForURL(/\/broadcasts\/new$/);
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Audience").selectOption({ label: `${segmentName} (2)` });
    await page.getByLabel("Template").selectOption({ label: "Welcome" });
    await page.getByLabel("Conversion goal (optional)").fill(goal);
    await expect(page.getByTestId("estimate-size")).toHaveText("2");
    await expect(page.getByTestId("estimate-missing")).toHaveText("0");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcast-form.png`, fullPage: true });
    await page.getByTestId("save-broadcast").click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page.getByTestId("broadcast-status").first()).toHaveText("draft");
  });

  await test.step("send it and watch it finish", async () => {
    await page.getByTestId("send-broadcast").click();
    await expect(page.getByTestId("broadcast-status").first()).toHaveText("done", { timeout: 60_000 });
    await expect(page.getByTestId("count-recipients")).toHaveText("2");
    await expect(page.getByTestId("count-sent")).toHaveText("2");
    await expect(page.getByTestId("count-remaining")).toHaveText("0");
    await expect(page.getByTestId("funnel-delivered")).toHaveText("2");
    await expect(page.getByTestId("funnel-converted")).toHaveText("0");
    await expect(page.getByTestId("broadcast-conversion")).toContainText(`"${goal}" within 72 h of the send`);
  });

  await test.step("one contact reaches the goal: converted", async () => {
    await ingest(request, baseURL, "/api/v1/track", { userId: `e2e-broadcast-ada-${suffix}`, event: goal });
    await expect(page.getByTestId("funnel-converted")).toHaveText("1");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcast-page.png`, fullPage: true });
  });

  await test.step("the list shows it", async () => {
    await page.goto("/broadcasts");
    const row = page.locator(`[data-testid="broadcast-row"][data-name="${name}"]`);
    await expect(row.getByTestId("broadcast-status")).toHaveText("done");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcasts-list.png`, fullPage: true });
  });
});
