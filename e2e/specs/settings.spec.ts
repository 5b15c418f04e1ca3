// Settings in a real browser: add a subscription topic (and see the duplicate-name error),
// a bad Resend base URL is refused with the field named and nothing saved, and "Send test
// email" through the server default lands in the Inbox. The demo workspace's transport is
// never changed, so the other specs keep sending to the outbox.
import { expect, test } from "@playwright/test";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("manage topics, validate the transport form, send a test email", async ({ page }) => {
  const suffix = randomSuffix();
  const topicName = `E2E offers ${suffix}`;

  await test.step("open Settings from the sidebar", async () => {
    await page.goto("/journeys");
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expect(page.getByTestId("saved-transport")).toBeVisible();
  });

  await test.step("add a topic; a second one with the same name is refused", async () => {
    const form = page.getByTestId("new-topic");
    await form.getByLabel("Topic name").fill(topicName);
    await form.getByLabel("Topic description").fill("Deals and coupons");
    await form.getByLabel("Topic default").selectOption("opt_in");
    await form.getByRole("button", { name: "Add topic" }).click();
    const row = page.getByTestId("topic-row").filter({ hasText: topicName });
    await expect(row).toContainText("Opt-in");
    await form.getByLabel("Topic name").fill(topicName);
    await form.getByRole("button", { name: "Add topic" }).click();
    await expect(page.getByText(`A topic named "${topicName}" already exists`)).toBeVisible();
  });

  await test.step("a bad Resend base URL is refused and nothing is saved", async () => {
    const before = await page.getByTestId("saved-transport").textContent();
    await page.getByRole("radio", { name: /Resend/ }).check();
    await page.getByLabel("API key").fill("re_e2e_not_saved");
    await page.getByLabel("Base URL").fill("not a url");
    await page.getByRole("button", { name: "Save transport" }).click();
    await expect(page.getByText(/Resend base URL must be a URL/)).toBeVisible();
    await expect(page.getByTestId("saved-transport")).toHaveText(before ?? "");
  });

  await test.step("send a test email and find it in the Inbox", async () => {
    await page.reload();
    await page.getByLabel("Test recipient").fill(`e2e-settings-${suffix}@example.test`);
    await page.getByRole("button", { name: "Send test email" }).click();
    await expect(page.getByText(/Sent through (outbox|smtp|resend)/)).toBeVisible();
    await page.goto("/inbox");
    await expect(page.getByText("Mailstream test email").first()).toBeVisible();
  });
});
