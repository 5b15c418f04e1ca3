// API keys in a real browser: a write key created on the page ingests over HTTP, and once it
// is revoked on the page the same request is refused within the key cache's 5 s. A marketer
// gets no API keys link, and the server refuses their apiKeys.create made by hand.
import type { APIRequestContext } from "@playwright/test";
import { expect, signInAs, test } from "../helpers/auth";
import { randomSuffix } from "../helpers/ingest";

async function trackWith(request: APIRequestContext, key: string): Promise<number> {
  const response = await request.post("/api/v1/track", {
    headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
    data: { userId: "api-keys-e2e", event: "key_checked", messageId: crypto.randomUUID() },
  });
  return response.status();
}

test("a write key made on the page ingests; revoked on the page, ingest refuses it within seconds", async ({
  page,
  request,
}) => {
  const name = `E2E key ${randomSuffix()}`;
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("link", { name: "API keys" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();

  const secret = page.getByLabel("New key");
  await expect(secret).toHaveValue(/^ms_wk_[0-9A-Za-z]{32}$/);
  await expect(page.getByTestId("new-api-key-secret")).toContainText("you won't see it again");
  const key = await secret.inputValue();
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(`${key.slice(0, 10)}…`);
  await expect(row).toContainText("Active");
  expect(await trackWith(request, key)).toBe(200);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("new-api-key-secret")).toHaveCount(0);
  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // Other module graphs of the web process may hold the key for up to the cache's 5 s.
  await expect.poll(() => trackWith(request, key), { timeout: 6_000, intervals: [250] }).toBe(401);
});

test("a marketer sees no API keys link, and the server refuses apiKeys.create made by hand", async ({
  browser,
  request,
}) => {
  const current = await request.get("/api/trpc/workspaces.current");
  const workspaceId = ((await current.json()) as { result: { data: { json: { workspace: { id: string } } } } }).result
    .data.json.workspace.id;
  const marketer = await signInAs(browser, "marketer", workspaceId);
  try {
    const { page } = marketer;
    await expect(page.getByRole("link", { name: "Settings" })).toBeVisible();
    await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
    const refused = await page.request.post("/api/trpc/apiKeys.create", {
      data: { json: { kind: "write", name: "Not mine to make" } },
    });
    expect(refused.status()).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain("Your role (Marketer) does not allow this");
    await page.goto("/settings/api-keys");
    await expect(page.getByText("Your role cannot manage API keys")).toBeVisible();
  } finally {
    await marketer.close();
  }
});
