// Contacts in a real browser: a fresh user identified over HTTP shows up in /contacts by
// search; the profile shows traits and the event; a trait edit sticks; export downloads
// the JSON document; delete (after confirmation) erases the contact.
import { readFile } from "node:fs/promises";
import { expect, test } from "../helpers/auth";
import { randomSuffix, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS = process.env.MAILSTREAM_E2E_SCREENSHOTS;

test("find, inspect, edit, export and delete a contact", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const userId = `e2e-contact-${suffix}`;
  const email = `${userId}@example.test`;

  await test.step("identify the user over HTTP", async () => {
    const response = await request.post(new URL("/api/v1/identify", baseURL).toString(), {
      headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
      data: {
        userId,
        traits: { email, first_name: "Ada", plan: "starter" },
        context: { timezone: "Europe/Paris" },
        messageId: crypto.randomUUID(),
      },
    });
    expect(response.status(), await response.text()).toBe(200);
  });

  await test.step("find them in /contacts by search", async () => {
    await page.goto("/contacts");
    await expect(page.getByRole("link", { name: "Contacts" })).toHaveAttribute("aria-current", "page");
    // The dispatcher creates the contact moments after the event is accepted.
    await expect(async () => {
      await page.getByLabel("Search contacts").fill("");
      await page.getByLabel("Search contacts").fill(suffix);
      await expect(page.locator(`[data-testid="contact-row"][data-user-id="${userId}"]`)).toBeVisible({
        timeout: 2_000,
      });
    }).toPass({ timeout: 30_000 });
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/contacts-list.png`, fullPage: true });
    await page.getByRole("link", { name: userId }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  });

  await test.step("see traits, time zone and the identify event", async () => {
    await expect(page.getByTestId("contact-user-id")).toHaveText(userId);
    await expect(page.locator('[data-testid="trait-row"][data-trait="plan"]')).toContainText("starter");
    await expect(page.getByTestId("contact-subscription")).toHaveText("subscribed");
    await expect(page.getByTestId("contact-events").getByTestId("contact-event-row")).toContainText(["identify"]);
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/contact-profile.png`, fullPage: true });
  });

  await test.step("edit a trait", async () => {
    await page.getByTestId("edit-traits").click();
    await page.getByLabel("Value of plan").fill("enterprise");
    await page.getByTestId("add-trait").click();
    await page.getByLabel("Trait name").last().fill("seats");
    await page.getByLabel("Value of seats").fill("12");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/contact-edit-traits.png`, fullPage: true });
    await page.getByTestId("save-traits").click();
    await expect(page.locator('[data-testid="trait-row"][data-trait="plan"]')).toContainText("enterprise");
    await expect(page.locator('[data-testid="trait-row"][data-trait="seats"]')).toContainText("12");
  });

  await test.step("export everything as JSON", async () => {
    const downloading = page.waitForEvent("download");
    await page.getByTestId("export-contact").click();
    const download = await downloading;
    const document = JSON.parse(await readFile(await download.path(), "utf8")) as {
      profile: { userId: string; traits: Record<string, unknown> };
      events: { type: string }[];
      traitAudits: { changes: { key: string }[] }[];
    };
    expect(document.profile).toMatchObject({ userId, traits: { plan: "enterprise", seats: 12 } });
    expect(document.events.map((e) => e.type)).toContain("identify");
    expect(document.traitAudits[0]?.changes.map((c) => c.key)).toEqual(["plan", "seats"]);
  });

  await test.step("delete the contact after confirming", async () => {
    await page.getByTestId("delete-contact").click();
    await expect(page.getByTestId("delete-dialog")).toBeVisible();
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/contact-delete-dialog.png` });
    await page.getByTestId("confirm-delete").click();
    await page.waitForURL(/\/contacts$/);
    await page.getByLabel("Search contacts").fill(suffix);
    await expect(page.getByTestId("contacts-empty")).toBeVisible();
    const secret = process.env.MAILSTREAM_SECRET_KEY;
    const profile = await request.get(new URL(`/api/v1/contacts/${userId}`, baseURL).toString(), {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(profile.status()).toBe(404);
  });
});
