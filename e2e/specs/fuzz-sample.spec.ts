// A sample of 50 accepted events from the seeded ingest fuzzer (packages/testing's generator,
// the one ingest-fuzz.test.ts uses) sent over HTTP, then the pages that show them opened in a
// real browser: Events, Contacts and a contact's detail must render without an error — RTL
// text, emoji, keys such as `constructor` or `a.b`, 60-level nests and years 1 and 9999 included.
import { generateFuzzCases } from "@mailstream/testing/ingest-fuzz";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

const SEED = 20261206;
const SAMPLE = 50;

test.use({ viewport: { width: 1440, height: 900 } });

test("the Events and Contacts pages show 50 hostile accepted events", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  // Accepted single events of every call; ids made this run's own so the run owns its data.
  const sample = generateFuzzCases(SEED, 400)
    .filter((c) => c.verdict === "accept" && c.call !== "batch")
    .slice(0, SAMPLE)
    .map((c) => {
      const event = JSON.parse(c.events[0]!.json) as Record<string, unknown>;
      return {
        ...event,
        userId: `${String(event.userId)}-${suffix}`,
        messageId: `${c.events[0]!.messageId}-${suffix}`,
      };
    });
  expect(sample).toHaveLength(SAMPLE);

  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
  });

  const response = await request.post(new URL("/api/v1/batch", baseURL).toString(), {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
    data: { batch: sample },
  });
  expect(response.status(), await response.text()).toBe(200);

  await test.step("Events lists them", async () => {
    await page.goto("/events");
    await expect(page.getByTestId("event-row").first()).toBeVisible();
    await expect(page.locator(".alert-error")).toHaveCount(0);
  });

  await test.step("Contacts finds them, and a contact's detail opens", async () => {
    await page.goto("/contacts");
    // The dispatcher creates the contacts moments after the batch is accepted.
    await expect(async () => {
      await page.getByLabel("Search contacts").fill("");
      await page.getByLabel("Search contacts").fill(suffix);
      await expect(page.getByTestId("contact-row").first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.locator(".alert-error")).toHaveCount(0);
    await page.getByTestId("contact-row").first().getByRole("link").first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("contact-user-id")).toContainText(suffix);
    await expect(page.getByTestId("contact-events").getByTestId("contact-event-row").first()).toBeVisible();
    await expect(page.locator(".alert-error")).toHaveCount(0);
  });

  expect(failures).toEqual([]);
});
