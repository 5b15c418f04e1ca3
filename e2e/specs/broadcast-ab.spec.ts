// A staggered A/B broadcast in a real browser: 100 contacts arrive over HTTP into a segment, a
// broadcast with two subject lines on a 10% sample is drafted and sent, the page shows the test
// phase (5 + 5 sent, the rest waiting), every B email is opened through its real tracking pixel,
// the sequential test declares B before the deadline, and B goes out to the other 90.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS = process.env.MAILSTREAM_E2E_SCREENSHOTS;
const AUDIENCE = 100;

async function trpcQuery<T>(request: APIRequestContext, baseURL: string, path: string, input: unknown): Promise<T> {
  const url = new URL(`/api/trpc/${path}`, baseURL);
  const response = await request.get(`${url.toString()}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  expect(response.ok(), `${path} failed: ${JSON.stringify(body.error)}`).toBe(true);
  return (body.result as { data: { json: T } }).data.json;
}

test("two subject lines on a 10% sample: the test, then the winner for the rest", async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const segmentName = `AB audience ${suffix}`;
  const [subjectA, subjectB] = [`Spring sale ${suffix}`, `Your spring offer ${suffix}`];

  await test.step("100 contacts in a segment", async () => {
    const batch = Array.from({ length: AUDIENCE }, (_, i) => {
      const userId = `e2e-ab-${i}-${suffix}`;
      return {
        type: "identify",
        userId,
        traits: { e2e_ab: suffix, first_name: `P${i}`, email: `${userId}@example.test` },
        messageId: crypto.randomUUID(),
      };
    });
    const response = await request.post(new URL("/api/v1/batch", baseURL).toString(), {
      headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
      data: { batch },
    });
    expect(response.status(), await response.text()).toBe(200);
    await page.goto("/segments/new");
    await page.getByLabel("Segment name").fill(segmentName);
    await page.getByLabel("Group 1 rule 1 trait").fill("e2e_ab");
    await page.getByLabel("Group 1 rule 1 value").fill(suffix);
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.waitForURL(/\/segments\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("segment-member-count")).toHaveText(String(AUDIENCE), { timeout: 60_000 });
  });

  await test.step("draft it with two subject lines tested on 10%", async () => {
    await page.goto("/broadcasts/new");
    await page.getByLabel("Name").fill(`AB ${suffix}`);
    await page.getByLabel("Audience").selectOption({ label: `${segmentName} (${AUDIENCE})` });
    await page.getByLabel("Template").selectOption({ label: "Welcome" });
    await page.getByTestId("ab-enabled").check();
    await page.getByLabel("Variant A subject").fill(subjectA);
    await page.getByLabel("Variant B subject").fill(subjectB);
    await page.getByLabel("Test sample (% of the audience)").fill("10");
    await page.getByLabel("Test duration (minutes)").fill("6");
    await page.getByLabel("Judge on").selectOption("open_rate");
    await page.getByLabel("Minimum contacts per variant").fill("5");
    await expect(page.getByTestId("ab-weight-total")).toContainText("Weights add up to 100%");
    // The estimate checks each variant's own template and subject: every contact has a first name.
    await expect(page.getByTestId("estimate-variant-B")).toHaveText("Variant B: 0 lack a value its template requires");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcast-ab-form.png`, fullPage: true });
    await page.getByTestId("save-broadcast").click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
  });

  await test.step("send: the sample goes first and the test runs", async () => {
    await page.getByTestId("send-broadcast").click();
    await expect(page.getByTestId("funnel-test-A-sent")).toHaveText("5", { timeout: 60_000 });
    await expect(page.getByTestId("funnel-test-B-sent")).toHaveText("5");
    await expect(page.getByTestId("funnel-winner-undecided")).toContainText("90");
    await expect(page.getByTestId("ab-state")).toContainText("Testing");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcast-ab-testing.png`, fullPage: true });
  });

  await test.step("every B email is opened through its pixel; B wins and goes to the other 90", async () => {
    type Listed = { id: string; subject: string };
    const listed = await trpcQuery<{ items: Listed[] }>(request, baseURL, "messages.list", { limit: 200 });
    const bMessages = listed.items.filter((m) => m.subject === subjectB);
    expect(bMessages).toHaveLength(5);
    for (const sent of bMessages) {
      const message = await trpcQuery<{ html: string }>(request, baseURL, "messages.byId", { messageId: sent.id });
      const pixel = /\/t\/o\/[^"'\s>]+/.exec(message.html)?.[0];
      expect(pixel, "the sent email carries an open pixel").toBeTruthy();
      expect((await request.get(new URL(pixel as string, baseURL).toString())).ok()).toBe(true);
    }
    await expect(page.getByTestId("funnel-test-B-opened")).toHaveText("5", { timeout: 30_000 });
    // A 6-minute test is checked every 30 s: the winner comes well before the deadline.
    await expect(page.getByTestId("ab-decision")).toContainText("Winner: variant B (before the deadline)", {
      timeout: 120_000,
    });
    await expect(page.getByTestId("broadcast-status").first()).toHaveText("done", { timeout: 60_000 });
    await expect(page.getByTestId("funnel-winner-B-sent")).toHaveText("90");
    await expect(page.getByTestId("funnel-converted")).toHaveText("no goal");
    await expect(page.getByTestId("count-sent")).toHaveText(String(AUDIENCE));
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/broadcast-ab-page.png`, fullPage: true });
  });
});
