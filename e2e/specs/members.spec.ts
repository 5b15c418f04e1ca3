// Members in a real browser: the owner invites a second person as analyst from the Members
// page; the link is read from the outbox (the Inbox); the invited person signs up on the
// accept page and lands signed in; as an analyst they see the overview and a journey but no
// Publish button, and the server refuses a publish made by hand; the used link then says so.
// (auth.spec.ts covers sign-in itself, redirects and switching workspaces.)
import { expect, test } from "../helpers/auth";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix } from "../helpers/ingest";

test("an invited analyst signs up from the emailed link, cannot publish, and the link works once", async ({
  page,
  browser,
}) => {
  const suffix = randomSuffix();
  const email = `invited-${suffix}@e2e.mailstream.test`;
  const journeyName = `E2E members ${suffix}`;
  const created = await page.request.post("/api/trpc/journeys.create", { data: { json: { name: journeyName } } });
  expect(created.status()).toBe(200);
  const journeyId = ((await created.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;

  await page.goto("/overview");
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await page.getByLabel("Email to invite").fill(email);
  await page.getByLabel("Role to invite as").selectOption({ label: "Analyst" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toHaveText(`Invitation sent to ${email}.`);
  await expect(page.getByTestId("invitations-table")).toContainText(email);

  const entry = await waitForInboxEmail(page, /You're invited to/, { to: email });
  await entry.click();
  const body = (await page.getByTestId("inbox-message-text").textContent()) ?? "";
  const link = /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(body)?.[0];
  expect(link, `an invitation link in: ${body}`).toBeDefined();
  const invitePath = new URL(link as string).pathname;

  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const invited = await context.newPage();
    await invited.goto(invitePath);
    await expect(invited.getByText("You are invited to join")).toContainText("as Analyst");
    await expect(invited.getByLabel("Email")).toHaveValue(email);
    await invited.getByLabel("Your name").fill("Invited Analyst");
    await invited.getByLabel("Password").fill(`pw-${suffix}-long-enough`);
    await invited.getByRole("button", { name: "Accept and join" }).click();
    await expect(invited).toHaveURL(/\/overview$/);
    await expect(invited.getByTestId("workspace-role")).toHaveText("Analyst");
    await expect(invited.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(invited.getByRole("link", { name: "Members", exact: true })).toHaveCount(0);

    await invited.goto(`/journeys/${journeyId}/edit`);
    await expect(invited.getByText(journeyName).first()).toBeVisible();
    await expect(invited.getByRole("button", { name: "Publish" })).toHaveCount(0);
    const publish = await invited.request.post("/api/trpc/journeys.publish", { data: { json: { journeyId } } });
    expect(publish.status()).toBe(403);

    await invited.goto(invitePath);
    await expect(invited.getByTestId("invitation-problem")).toContainText("already been used");
  } finally {
    await context.close();
  }
  await page.goto("/settings/members");
  await expect(page.getByTestId("members-table")).toContainText(email);
});
