// Composing an email end to end in a real browser: build a block template with Liquid
// personalization (with defaults — an output without one is flagged), a repeat over the cart and
// a conditional that stays hidden for this contact, preview it as a real contact (its latest
// event), see a javascript: link refused, send a test, use it in a journey with a subscription
// topic, publish, send the trigger over HTTP, find the email in the Inbox, follow its tracked
// link, leave the topic on the preference page, then unsubscribe from all.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { canvasCenter, canvasNode, connectHandles, dragNodeFromPalette } from "../helpers/canvas";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix, sendTrackEvent, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 1000 } });

async function identify(request: APIRequestContext, baseURL: string, userId: string, traits: Record<string, unknown>) {
  const response = await request.post(new URL("/api/v1/identify", baseURL).toString(), {
    headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
    data: { userId, traits, messageId: crypto.randomUUID() },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** Selects a block in the outline by its type (the last one of that type). */
async function selectBlock(page: Page, type: string) {
  await page.locator(`[data-testid=block-row][data-block-type=${type}]`).last().getByRole("button").first().click();
}

test("compose a block template, preview it as a contact, send it through a journey, click and unsubscribe", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const userId = `e2e-compose-${suffix}`;
  const email = `compose-${suffix}@example.test`;
  const eventName = `e2e_ordered_${suffix}`;
  const templateName = `Order ${suffix}`;
  const landing = new URL(`/contacts?from=email-${suffix}`, baseURL).toString();
  const topicName = `E2E orders ${suffix}`;

  await test.step("a contact with a past order exists, and an opt-out topic", async () => {
    const created = await request.post(new URL("/api/trpc/topics.create", baseURL).toString(), {
      data: { json: { name: topicName, description: "Order updates", defaultMode: "opt_out" } },
    });
    expect(created.ok(), await created.text()).toBe(true);
    await identify(request, baseURL, userId, { email, first_name: "Ada" });
    await sendTrackEvent(request, baseURL, {
      userId,
      event: `${eventName}_past`,
      properties: { items: [{ name: "Kettle" }, { name: "Toaster" }] },
    });
  });

  await test.step("create a template and compose blocks", async () => {
    await page.goto("/templates");
    await page.getByTestId("new-template").click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    await page.getByLabel("Name", { exact: true }).fill(templateName);
    await page
      .getByLabel("Subject", { exact: true })
      .fill(`Your order, {{ first_name | default: "friend" }} (${suffix})`);

    await selectBlock(page, "heading");
    // Without a default, contacts lacking first_name would be skipped: the preview says so.
    await page.getByLabel("Heading text").fill("Thanks, {{ first_name }}!");
    await expect(page.getByTestId("template-missing-defaults")).toContainText(
      "Contacts without first_name will be skipped",
    );
    await page.getByLabel("Heading text").fill('Thanks, {{ first_name | default: "friend" }}!');

    await page.getByTestId("add-repeat").click();
    await page.getByLabel("Repeat over (array path)").fill("event.properties.items");
    await page.getByLabel("Item name").fill("item");

    await page.getByTestId("add-button").click();
    await page.getByLabel("Button label").fill("See your order");
    // Only http, https and mailto links: the editor names the block and keeps Save off.
    await page.getByLabel("Link URL").fill("javascript:alert(1)");
    await expect(page.getByTestId("template-link-problems")).toContainText(
      /Button block ".+" link URL: .*not javascript:/,
    );
    await expect(page.getByTestId("template-save")).toBeDisabled();
    await page.getByLabel("Link URL").fill(landing);
    await expect(page.getByTestId("template-link-problems")).toHaveCount(0);
    // Reorder: the new button goes above the repeat block.
    await page.getByRole("button", { name: "Move Button up" }).last().click();

    await page.getByTestId("add-conditional").click();
    await page.getByLabel("Show when").fill('contact.first_name == "Grace"');
    await page.getByRole("button", { name: "+ Add here" }).last().click();
    await page.getByTestId("add-text").click();
    await page.getByLabel("Text", { exact: true }).fill(`Only for Grace ${suffix}`);
    await page.getByRole("button", { name: "Back to top level" }).click();
    await expect(page.locator("[data-testid=block-row]")).toHaveCount(9); // heading, 2 texts, button, repeat + child, cta, conditional + child
    await expect(page.getByTestId("template-missing-defaults")).toHaveCount(0);
  });

  await test.step("preview as sample JSON, then as the real contact", async () => {
    const frame = page.frameLocator("[data-testid=template-preview-frame]");
    await expect(frame.getByText("Thanks, Ada!")).toBeVisible();
    await expect(frame.getByText("Lamp")).toBeVisible();
    await expect(frame.getByText(`Only for Grace ${suffix}`)).toHaveCount(0); // the condition is false for Ada

    await page.getByLabel("A contact").check();
    await page.getByLabel("Search contacts").fill(email);
    await page.getByTestId("preview-contact").selectOption({ label: email });
    await expect(page.getByTestId("template-preview-to")).toHaveText(email);
    await expect(page.getByTestId("template-preview-subject")).toHaveText(`Your order, Ada (${suffix})`);
    await expect(frame.getByText("Kettle")).toBeVisible(); // the contact's latest event, not the sample
    await expect(frame.getByText("Toaster")).toBeVisible();
    await expect(frame.getByRole("link", { name: "See your order" })).toHaveAttribute("href", landing);

    await page.getByRole("tab", { name: "Mobile" }).click();
    await expect(page.getByTestId("template-preview-frame")).toHaveAttribute("data-width", "mobile");
    await page.screenshot({ path: "test-results/email-compose-editor-mobile.png", fullPage: true });
    await page.getByRole("tab", { name: "Desktop" }).click();
    await page.screenshot({ path: "test-results/email-compose-editor.png", fullPage: true });
  });

  await test.step("an unknown variable is flagged", async () => {
    await selectBlock(page, "heading");
    await page
      .getByLabel("Heading text")
      .fill('Thanks, {{ first_name | default: "friend" }}! {{ contact.favourite_colour_xyz | default: "" }}');
    await expect(page.getByTestId("template-unknown-variables")).toContainText("contact.favourite_colour_xyz");
    await page.getByLabel("Heading text").fill('Thanks, {{ first_name | default: "friend" }}!');
    await expect(page.getByTestId("template-unknown-variables")).toHaveCount(0);
  });

  await test.step("save and send a test", async () => {
    await page.getByTestId("template-save").click();
    await expect(page.getByTestId("template-save-status")).toHaveText("All changes saved");
    await page.getByLabel("Send a test to").fill(`author-${suffix}@example.test`);
    await page.getByTestId("send-test").click();
    await expect(page.getByTestId("send-test-result")).toContainText("Test sent via");
  });

  await test.step("use the template in a journey and publish", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(`E2E compose ${suffix}`);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    const triggerNode = page.locator(".react-flow__node-trigger");
    const triggerId = (await triggerNode.getAttribute("data-id")) as string;
    const center = await canvasCenter(page);
    const emailId = await dragNodeFromPalette(page, "email", { x: center.x + 40, y: center.y + 150 });
    const exitId = await dragNodeFromPalette(page, "exit", { x: center.x + 40, y: center.y + 290 });
    await connectHandles(page, triggerId, emailId);
    await connectHandles(page, emailId, exitId);
    await canvasNode(page, triggerId).click();
    await page.getByLabel("Event name").fill(eventName);
    await canvasNode(page, emailId).click();
    await page.getByLabel("Template").selectOption({ label: templateName });
    await page.getByLabel("Subscription topic").selectOption({ label: `${topicName} (opt-out)` });
    await expect(page.getByRole("region", { name: "Problems" })).toContainText("Ready to publish");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");
    await canvasNode(page, emailId).click();
    await expect(page.getByTestId("email-pinned-version")).toContainText("version 1 of this template");
  });

  await test.step("the trigger event over HTTP delivers the personalized email to the Inbox", async () => {
    await sendTrackEvent(request, baseURL, {
      userId,
      event: eventName,
      properties: { items: [{ name: "Chair" }, { name: "Rug" }] },
    });
    const entry = await waitForInboxEmail(page, `Your order, Ada (${suffix})`, { to: email });
    await entry.click();
    const frame = page.frameLocator("[data-testid=inbox-message-frame]");
    await expect(frame.getByText("Thanks, Ada!")).toBeVisible();
    await expect(frame.getByText("Chair")).toBeVisible();
    await expect(frame.getByText("Rug")).toBeVisible();
    await expect(frame.getByText(`Only for Grace ${suffix}`)).toHaveCount(0);
    await page.screenshot({ path: "test-results/email-compose-inbox.png", fullPage: true });
  });

  const frame = page.frameLocator("[data-testid=inbox-message-frame]");
  const tracked = (await frame.getByRole("link", { name: "See your order" }).getAttribute("href")) as string;
  const unsubscribe = (await frame.getByRole("link", { name: "Unsubscribe" }).getAttribute("href")) as string;

  await test.step("the link goes through the click tracker to the original URL", async () => {
    expect(tracked).toContain("/t/c/");
    await page.goto(tracked);
    await expect(page).toHaveURL(landing);
  });

  await test.step("leave only the email's topic on the preference page", async () => {
    await page.goto(unsubscribe);
    await expect(page.getByRole("heading", { name: "Email preferences" })).toBeVisible();
    const topic = page.getByLabel(topicName);
    await expect(topic).toBeChecked();
    await topic.uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByRole("status")).toContainText("Your preferences are saved.");
    await expect(page.getByLabel(topicName)).not.toBeChecked();
    await expect(page.getByRole("heading", { name: "Email preferences" })).toBeVisible(); // still subscribed to email in general
  });

  await test.step("unsubscribe from all on the preference page", async () => {
    await page.getByRole("button", { name: "Unsubscribe from all" }).click();
    await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  });
});
