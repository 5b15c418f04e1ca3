// axe-core on every main page (the canvas editor has its own spec): no serious or critical
// violation. One signed-in context walks the pages (the setup's owner session); the sign-in
// page is checked signed out. Then the metrics page's readability at 1440×900: every column
// of the email tables in view, and the flow's counts at a legible size.
import type { Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "../helpers/axe";
import { expect, test } from "../helpers/auth";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

/** A few sign-ups into the seeded Welcome journey (one without an address: a skip), so its metrics page has numbers. */
async function welcomeTraffic(page: Page, baseURL: string): Promise<string> {
  const suffix = randomSuffix();
  for (const n of [1, 2, 3, 4]) {
    const userId = `a11y-${suffix}-${n}`;
    const properties = n === 4 ? {} : { email: `${userId}@example.test` };
    await sendTrackEvent(page.request, baseURL, { userId, event: "signed_up", properties });
  }
  await page.goto("/journeys");
  const row = page.getByTestId("journey-row").filter({ has: page.getByRole("link", { name: "Welcome", exact: true }) });
  return (await row.getAttribute("data-journey-id")) as string;
}

async function check(page: Page, path: string, ready: (page: Page) => Promise<void>) {
  await page.goto(path);
  await ready(page);
  await expectNoSeriousA11yViolations(page);
}

const heading = (name: string | RegExp) => async (page: Page) =>
  expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

test("main pages have no serious or critical accessibility violations", async ({ page, browser, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const welcomeId = await welcomeTraffic(page, baseURL);

  await test.step("overview", () => check(page, "/overview", heading("Overview")));
  await test.step("journeys", () => check(page, "/journeys", heading("Journeys")));
  await test.step("journey metrics", () =>
    check(page, `/journeys/${welcomeId}/metrics`, async (p) => {
      await expect(p.getByTestId("metrics-canvas")).toBeVisible();
      await expect(p.getByTestId("live-indicator")).toHaveText("Live");
    }));
  await test.step("contacts and a profile", async () => {
    await check(page, "/contacts", heading("Contacts"));
    await page.getByRole("link", { name: /a11y-/ }).first().click();
    await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
  });
  await test.step("templates", () => check(page, "/templates", heading("Templates")));
  await test.step("broadcasts", () => check(page, "/broadcasts", heading("Broadcasts")));
  await test.step("new broadcast, sending rules open", () =>
    check(page, "/broadcasts/new", async (p) => {
      await heading("New broadcast")(p);
      // Quiet hours and the cap start off; switch both on so every rule field is checked.
      await expect(p.getByTestId("respect-quiet-hours")).not.toBeChecked();
      await p.getByTestId("respect-quiet-hours").check();
      await p.getByTestId("apply-frequency-cap").check();
      await expect(p.getByLabel("At most (emails)")).toBeVisible();
    }));
  await test.step("inbox", () => check(page, "/inbox", heading("Inbox")));
  await test.step("settings", () => check(page, "/settings", heading("Settings")));
  await test.step("sign-in, signed out", async () => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const signedOut = await context.newPage();
    await check(signedOut, `${baseURL}/sign-in`, async (p) =>
      expect(p.getByRole("button", { name: /sign in/i })).toBeVisible(),
    );
    await context.close();
  });
});

test("the metrics page is readable at 1440×900", async ({ page, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const welcomeId = await welcomeTraffic(page, baseURL);
  await page.goto(`/journeys/${welcomeId}/metrics`);
  await expect(page.getByTestId("metrics-canvas")).toBeVisible();

  await test.step("every email-table column is in view, Converted included", async () => {
    const table = page.getByTestId("email-nodes");
    await expect(table.getByTestId(/email-nodes-row-/).first()).toBeVisible({ timeout: 30_000 });
    // Scroll the page (not the table) to it: a column cut off by the card would stay cut off.
    await table.evaluate((el) => el.closest("section")?.scrollIntoView({ block: "start" }));
    await expect(table.getByRole("columnheader", { name: "Converted" })).toBeInViewport({ ratio: 1 });
  });

  await test.step("step counts on the flow read at 12 px or more", async () => {
    const badge = page.getByTestId("canvas-count-trigger");
    await expect(badge).toBeVisible();
    const rendered = await badge.evaluate((el) => {
      const viewport = el.closest(".react-flow__viewport");
      const scale = viewport ? new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a : 1;
      return Number.parseFloat(getComputedStyle(el).fontSize) * scale;
    });
    expect(rendered).toBeGreaterThanOrEqual(12);
    // Edges carry the runs that took them and their share of the step before.
    await expect(page.locator(".react-flow__edge-text").first()).toHaveText(/^\d[\d,]* · \d+%$|^0$/);
  });

  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${dir}/metrics-after.png`, fullPage: true });
  }
});
