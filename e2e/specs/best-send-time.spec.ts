// Send-time optimization in a real browser: a contact in Tokyo who clicked at 23:xx their time
// shows 23:00 as their best send time (with their clicks as its basis and a histogram), and a
// journey's wait can be set to "until the contact's best time", which the card on the canvas says.
import { closeDb, createDb } from "@mailstream/db/client";
import { dailyAt, seedEngagements } from "@mailstream/testing/engagement-fixtures";
import { expect, test } from "../helpers/auth";
import { canvasCenter, canvasNode, dragNodeFromPalette } from "../helpers/canvas";
import { randomSuffix, writeKey } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

const SCREENSHOTS = process.env.MAILSTREAM_E2E_SCREENSHOTS;

test("the profile shows a contact's best send time, and a wait can wait for it", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const databaseUrl = process.env.MAILSTREAM_E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("the e2e global setup did not publish the database URL");
  const userId = `e2e-best-time-${randomSuffix()}`;

  const contactId = await test.step("a Tokyo contact who clicks late in the evening", async () => {
    const response = await request.post(new URL("/api/v1/identify", baseURL).toString(), {
      headers: { Authorization: `Basic ${Buffer.from(`${writeKey()}:`).toString("base64")}` },
      data: {
        userId,
        traits: { email: `${userId}@example.test` },
        context: { timezone: "Asia/Tokyo" },
        messageId: crypto.randomUUID(),
      },
    });
    expect(response.status(), await response.text()).toBe(200);
    const { db, pool } = createDb(databaseUrl, { max: 1 });
    try {
      let contact: { id: string; workspaceId: string } | undefined;
      await expect(async () => {
        const result = await pool.query<{ id: string; workspaceId: string }>(
          `SELECT id, workspace_id AS "workspaceId" FROM contacts WHERE user_id = $1`,
          [userId],
        );
        [contact] = result.rows;
        expect(contact).toBeDefined();
      }).toPass({ timeout: 30_000 });
      const found = contact as { id: string; workspaceId: string };
      // 14:10 UTC is 23:10 in Tokyo.
      await seedEngagements(db, {
        workspaceId: found.workspaceId,
        contactId: found.id,
        engagements: [...dailyAt(Date.now(), 14, 5, "clicked"), ...dailyAt(Date.now(), 3, 2, "opened")],
      });
      return found.id;
    } finally {
      await closeDb(databaseUrl);
    }
  });

  await test.step("see it on the profile", async () => {
    await page.goto(`/contacts/${contactId}`);
    const card = page.getByTestId("contact-best-time");
    await expect(card.getByTestId("best-time-hour")).toHaveText("23:00 (Asia/Tokyo)");
    await expect(card.getByTestId("best-time-basis")).toHaveText("2 opens and 5 clicks in the last year");
    await expect(card.getByTestId("best-time-viewer")).not.toHaveText("—");
    await expect(card.getByTestId("best-time-bar")).toHaveCount(24);
    if (SCREENSHOTS) await card.screenshot({ path: `${SCREENSHOTS}/contact-best-time.png` });
  });

  await test.step("set a wait to the contact's best time", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(`E2E best time ${userId}`);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    const c = await canvasCenter(page);
    const wait = await dragNodeFromPalette(page, "wait", { x: c.x, y: c.y });
    await canvasNode(page, wait).click();
    await page.getByLabel("Wait mode").selectOption("until_best_time");
    await page.getByLabel("When nobody has enough history").fill("10:30");
    await expect(canvasNode(page, wait)).toContainText("Best send time · else 10:30");
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/wait-best-time.png` });
  });
});
