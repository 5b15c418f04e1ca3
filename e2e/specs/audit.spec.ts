// The audit log in a real browser: publish and pause a journey, suppress an address, and find
// each change on /settings/audit under the signed-in owner's email; filter by action; the CSV
// export downloads the filtered entries. The suppressed address itself never appears. A second
// test covers workspace administration: an invitation, its acceptance, a role change, and an API
// key created and revoked each appear on the page.
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, ownerLogin, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("changes show up on the audit page, filter by action, export CSV", async ({ page }) => {
  const suffix = randomSuffix();
  const name = `E2E audited ${suffix}`;
  const address = `e2e-audit-${suffix}@example.test`;
  const { email: owner } = ownerLogin();

  await test.step("create, publish and pause a journey", async () => {
    await page.goto("/journeys");
    await page.getByRole("button", { name: "New journey" }).click();
    await page.getByLabel("Journey name").fill(name);
    await page.getByRole("button", { name: "Create journey" }).click();
    await page.waitForURL(/\/journeys\/[0-9a-f-]{36}\/edit$/);
    const trigger = page.locator(".react-flow__node-trigger");
    await canvasNode(page, (await trigger.getAttribute("data-id")) as string).click();
    await page.getByLabel("Event name").fill(`e2e_audit_${suffix}`);
    await page.getByRole("button", { name: "Add Exit step" }).click();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Live · v1");
    await page.goto("/journeys");
    await page.getByRole("link", { name, exact: true }).first().click();
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(page.getByRole("button", { name: "Resume", exact: true })).toBeVisible();
  });

  await test.step("suppress an address in Settings", async () => {
    await page.goto("/settings");
    const form = page.getByTestId("new-suppression");
    await form.getByLabel("Address to suppress").fill(address);
    await form.getByRole("button", { name: "Suppress address" }).click();
    await expect(page.getByTestId("suppression-row").filter({ hasText: address })).toBeVisible();
  });

  await test.step("the audit page lists each change by the owner", async () => {
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/settings\/audit$/);
    const rows = page.getByTestId("audit-row");
    for (const action of ["journey.create", "journey.publish", "journey.pause"]) {
      await expect(rows.filter({ hasText: name }).and(page.locator(`[data-action="${action}"]`))).toContainText(owner);
    }
    await expect(
      page.locator('[data-action="suppression.add"]').filter({ hasText: "…@example.test" }).first(),
    ).toBeVisible();
    await expect(page.getByTestId("audit-table")).not.toContainText(address);
  });

  await test.step("filter by action", async () => {
    await page.getByLabel("Action").selectOption("journey.pause");
    await expect(page.locator('[data-action="journey.publish"]')).toHaveCount(0);
    await expect(page.getByTestId("audit-row").filter({ hasText: name })).toHaveCount(1);
  });

  await test.step("the CSV holds the filtered entries", async () => {
    const download = page.waitForEvent("download");
    await page.getByTestId("audit-csv").click();
    const file = await (await download).path();
    const csv = await readFile(file, "utf8");
    expect(csv.split("\r\n")[0]).toBe(
      "time,action,actor_kind,actor,actor_id,target_type,target_id,target,source_address,changed_fields",
    );
    expect(csv).toContain(`journey.pause,user,${owner}`);
    expect(csv).toContain(name);
    expect(csv).not.toContain("journey.publish");
  });
});

/** A tRPC mutation as the signed-in owner (the page's own session); its result. */
async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("workspace administration shows up on the audit page: invite, accept, role change, key create and revoke", async ({
  page,
  browser,
}) => {
  const suffix = randomSuffix();
  const email = `audited-${suffix}@e2e.mailstream.test`;
  const keyName = `E2E audited key ${suffix}`;
  const { email: owner } = ownerLogin();

  await mutate(page, "members.invite", { email, role: "analyst" });
  const entry = await waitForInboxEmail(page, /You're invited to/, { to: email });
  await entry.click();
  const body = (await page.getByTestId("inbox-message-text").textContent()) ?? "";
  const invitePath = new URL(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/.exec(body)?.[0] as string).pathname;
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const invited = await context.newPage();
    await invited.goto(invitePath);
    await invited.getByLabel("Your name").fill("Audited Analyst");
    await invited.getByLabel("Password").fill(`pw-${suffix}-long-enough`);
    await invited.getByRole("button", { name: "Accept and join" }).click();
    await expect(invited).toHaveURL(/\/overview$/);
  } finally {
    await context.close();
  }
  const { members } = await (
    await page.request.get("/api/trpc/members.list")
  )
    .json()
    .then(
      (reply: { result: { data: { json: { members: Array<{ userId: string; email: string }> } } } }) =>
        reply.result.data.json,
    );
  const userId = members.find((member) => member.email === email)?.userId;
  await mutate(page, "members.changeRole", { userId, role: "marketer" });
  const key = await mutate<{ id: string }>(page, "apiKeys.create", { kind: "secret", name: keyName });
  await mutate(page, "apiKeys.revoke", { id: key.id });

  await page.goto("/settings/audit");
  const rows = page.getByTestId("audit-row");
  for (const action of ["member.invite", "member.role_change"]) {
    await expect(
      rows
        .and(page.locator(`[data-action="${action}"]`))
        .filter({ hasText: email })
        .first(),
    ).toContainText(owner);
  }
  // The new member is the actor of their own joining.
  await expect(rows.and(page.locator('[data-action="member.join"]')).filter({ hasText: email }).first()).toBeVisible();
  for (const action of ["apiKey.create", "apiKey.revoke"]) {
    await expect(
      rows
        .and(page.locator(`[data-action="${action}"]`))
        .filter({ hasText: keyName })
        .first(),
    ).toContainText(owner);
  }
});
