// A test run from the canvas (issue 15): the demo's live "Welcome" journey is opened, the Test
// panel runs "signed_up now" for a written contact, and the timeline names each step with its
// virtual time and the rendered emails — two emails a minute apart in journey time, answered in
// seconds — while the canvas lights up the path taken, and "Send the path to me" delivers them to
// the signed-in owner. A script with a misspelt event is refused with its line named. A real
// contact is found by search and picked with the keyboard.
import type { Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

async function snapshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

test("runs a test from the canvas and reads the timeline", async ({ page, request }) => {
  const listed = await request.get("/api/trpc/journeys.list");
  const body = (await listed.json()) as { result: { data: { json: { id: string; name: string }[] } } };
  const welcome = body.result.data.json.find((journey) => journey.name === "Welcome");
  expect(welcome, "the demo seed has a Welcome journey").toBeDefined();

  await page.goto(`/journeys/${welcome?.id}/edit`);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const panel = page.getByRole("region", { name: "Test run" });
  await expect(panel).toBeVisible();

  // A misspelt event is refused, naming the line.
  await panel.getByLabel("What they do, one per line").fill("signed_up now\nsigned_upp after 2h");
  await panel.getByRole("button", { name: "Run test" }).click();
  await expect(panel.getByRole("alert")).toContainText('line 2: "signed_upp" is not an event this workspace knows');

  await panel.getByLabel("What they do, one per line").fill("signed_up now");
  await panel.getByLabel("Traits (JSON)").fill('{ "first_name": "Grace" }');
  await panel.getByRole("button", { name: "Run test" }).click();
  const timeline = panel.getByRole("list", { name: "Timeline" });
  await expect(timeline).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText(/Run completed/)).toBeVisible();
  await expect(timeline.getByText(/Email: .* — sent/)).toHaveCount(2);
  await expect(timeline.getByText("Wait — waiting")).toBeVisible();
  await expect(timeline.locator("li").last()).toContainText("+1 min");
  await expect(timeline.getByText(/to test@example\.com/).first()).toBeVisible();

  // The path taken is lit on the canvas: every node of this straight journey was reached.
  await expect(canvasNode(page, "trigger")).toHaveClass(/on-test-path/);
  await expect(canvasNode(page, "exit")).toHaveClass(/on-test-path/);
  await snapshot(page, "test-run-panel");

  // Send the path to me: the same run again, its two emails delivered to the owner, marked [Test].
  await panel.getByRole("button", { name: "Send the path to me" }).click();
  await expect(panel.getByRole("status")).toContainText(/Sent 2 emails to .+, marked \[Test\]/, { timeout: 60_000 });
});

test("tests with a real contact found by search and picked with the keyboard", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const email = `e2e-picker-${suffix}@example.test`;
  await sendTrackEvent(request, baseURL, {
    userId: `e2e-picker-${suffix}`,
    event: "viewed_product",
    properties: { email },
  });
  const listed = await request.get("/api/trpc/journeys.list");
  const body = (await listed.json()) as { result: { data: { json: { id: string; name: string }[] } } };
  const welcome = body.result.data.json.find((journey) => journey.name === "Welcome");

  await page.goto(`/journeys/${welcome?.id}/edit`);
  await page.getByRole("button", { name: "Test", exact: true }).click();
  const panel = page.getByRole("region", { name: "Test run" });
  await panel.getByRole("radio", { name: "A real contact" }).check();
  const search = panel.getByRole("combobox", { name: "Contact" });
  // The contact appears once its event is ingested; the search finds it by a piece of its address.
  await expect(async () => {
    await search.fill(`picker-${suffix}`);
    await expect(panel.getByRole("option", { name: new RegExp(email) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await search.press("ArrowDown");
  await search.press("Enter");
  await expect(panel.getByTestId("picked-contact")).toContainText(email);
  await panel.getByRole("button", { name: "Run test" }).click();
  const timeline = panel.getByRole("list", { name: "Timeline" });
  await expect(timeline).toBeVisible({ timeout: 60_000 });
  await expect(timeline.getByText(new RegExp(`to ${email.replace(/[.]/g, "\\.")}`)).first()).toBeVisible();
  await snapshot(page, "test-run-contact-picker");
});
