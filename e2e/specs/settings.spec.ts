// Settings in a real browser: add a subscription topic (and see the duplicate-name error),
// a bad Resend base URL is refused with the field named and nothing saved, "Send test
// email" through the server default lands in the Inbox, workspace variables are validated,
// and a manual suppression stops a test send and a journey send to that address. The demo
// workspace's transport is never changed, so the other specs keep sending to the outbox.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix, sendTrackEvent, writeKey } from "../helpers/ingest";

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

/** A tRPC mutation over HTTP as the web app's own client sends it (superjson envelope). */
async function trpcMutation<T>(request: APIRequestContext, baseURL: string, path: string, input: unknown): Promise<T> {
  const response = await request.post(new URL(`/api/trpc/${path}`, baseURL).toString(), { data: { json: input } });
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  expect(response.ok(), `${path} failed: ${JSON.stringify(body.error)}`).toBe(true);
  return (body.result as { data: { json: T } }).data.json;
}

test("workspace variables are validated and saved", async ({ page }) => {
  const suffix = randomSuffix();
  await page.goto("/settings");
  const form = page.getByTestId("workspace-variables");
  await form.getByRole("button", { name: "Add variable" }).click();
  const row = form.getByTestId("workspace-variable-row").last();
  await row.getByLabel(/key$/).fill("Support URL");
  await row.getByLabel(/value$/).fill(`https://help-${suffix}.example.test`);
  await form.getByRole("button", { name: "Save variables" }).click();
  await expect(form.getByRole("alert")).toContainText("Variable key 'Support URL' must start with a lower-case letter");
  await row.getByLabel(/key$/).fill(`support_url_${suffix}`);
  await form.getByRole("button", { name: "Save variables" }).click();
  await expect(form.getByText("Saved")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("workspace-variables").locator(`input[value="support_url_${suffix}"]`)).toBeVisible();
});

test("a manual suppression stops a test send and a journey send, with the reason shown", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const address = `e2e-suppressed-${suffix}@example.test`;
  const eventName = `e2e_suppressed_${suffix}`;
  page.on("dialog", (dialog) => void dialog.accept());

  await test.step("a bad address is named; a good one is listed as Manual with its note", async () => {
    await page.goto("/settings");
    const form = page.getByTestId("new-suppression");
    await form.getByLabel("Address to suppress").fill(`no-at-sign-${suffix}.example.test`);
    await form.getByRole("button", { name: "Suppress address" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "has no @" })).toBeVisible();
    await form.getByLabel("Address to suppress").fill(address);
    await form.getByLabel("Suppression note").fill("asked by phone");
    await form.getByRole("button", { name: "Suppress address" }).click();
    // The form clears once the address is stored.
    await expect(form.getByLabel("Address to suppress")).toHaveValue("");
    await page.getByLabel("Search suppressions").fill(suffix);
    const row = page.getByTestId("suppression-row").filter({ hasText: address });
    await expect(row).toContainText("Manual");
    await expect(row).toContainText("asked by phone");
  });

  await test.step("a test send to it is skipped with the reason", async () => {
    await page.getByLabel("Test recipient").fill(address);
    await page.getByRole("button", { name: "Send test email" }).click();
    await expect(page.getByTestId("test-send-skipped")).toContainText(
      `Not sent: ${address} is suppressed (manual: asked by phone)`,
    );
  });

  await test.step("a journey send to it is recorded as suppressed, not delivered", async () => {
    const template = await trpcMutation<{ id: string }>(request, baseURL, "templates.create", {
      name: `E2E suppressed ${suffix}`,
    });
    const journey = await trpcMutation<{ id: string }>(request, baseURL, "journeys.create", {
      name: `E2E suppressed ${suffix}`,
    });
    const graph = {
      nodes: [
        { id: "trigger-1", position: { x: 0, y: 0 }, data: { kind: "trigger", event: eventName, filters: [] } },
        { id: "email-1", position: { x: 0, y: 140 }, data: { kind: "email", templateId: template.id } },
        { id: "exit-1", position: { x: 0, y: 280 }, data: { kind: "exit" } },
      ],
      edges: [
        { id: "e1", source: "trigger-1", target: "email-1", sourceHandle: null },
        { id: "e2", source: "email-1", target: "exit-1", sourceHandle: null },
      ],
    };
    await trpcMutation(request, baseURL, "journeys.publish", { journeyId: journey.id, graph });
    const identify = await request.post(new URL("/api/v1/identify", baseURL).toString(), {
      headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
      data: { userId: `e2e-suppressed-${suffix}`, traits: { email: address }, messageId: crypto.randomUUID() },
    });
    expect(identify.status()).toBe(200);
    await sendTrackEvent(request, baseURL, { userId: `e2e-suppressed-${suffix}`, event: eventName });
    await page.goto(`/journeys/${journey.id}/runs`);
    await expect(page.getByTestId("run-row")).toHaveCount(1, { timeout: 30_000 });
    await page.getByRole("link", { name: "Inspect" }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    // (The trigger row names the event, which contains "suppressed" too: look at the email step.)
    await expect(page.locator('[data-testid=run-step][data-node-id="email-1"]')).toContainText("suppressed", {
      timeout: 30_000,
    });
    const entry = await waitForInboxEmail(page, "Welcome, there!", { to: address });
    await entry.click();
    await expect(page.getByText("address suppressed (manual)")).toBeVisible();
  });

  await test.step("removing it is logged", async () => {
    await page.goto("/settings");
    await page.getByLabel("Search suppressions").fill(suffix);
    await page
      .getByTestId("suppression-row")
      .filter({ hasText: address })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(page.getByTestId("suppression-row").filter({ hasText: address })).toHaveCount(0);
    await page.getByText("Recent manual changes").click();
    await expect(page.getByTestId("suppression-log")).toContainText(`removed (was manual) ${address}`);
  });
});
