// The audit log in a real browser: publish and pause a journey, suppress an address, and find
// each change on /settings/audit under the signed-in owner's email; filter by action; the CSV
// export downloads the filtered entries. The suppressed address itself never appears.
import { readFile } from "node:fs/promises";
import { expect, ownerLogin, test } from "../helpers/auth";
import { canvasNode } from "../helpers/canvas";
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
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
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
