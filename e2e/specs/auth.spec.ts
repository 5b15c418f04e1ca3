// Accounts in a real browser: signing in (a wrong password first), a page without a session
// sent to sign-in, an analyst who sees metrics but no Publish button and whose hand-made
// publish call the server refuses, and switching workspaces showing only the active one's
// journeys.
import type { APIRequestContext } from "@playwright/test";
import { expect, ownerLogin, signInAs, signInThroughPage, test } from "../helpers/auth";
import { randomSuffix } from "../helpers/ingest";

async function trpcMutation<T>(
  request: APIRequestContext,
  path: string,
  input: unknown,
): Promise<{ status: number; body: { result?: { data: { json: T } }; error?: { json: { message: string } } } }> {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  return { status: response.status(), body: (await response.json()) as never };
}

async function currentWorkspaceId(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/trpc/workspaces.current");
  const body = (await response.json()) as { result: { data: { json: { workspace: { id: string } } } } };
  return body.result.data.json.workspace.id;
}

test.describe("without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a page redirects to sign-in, and signing in (after a wrong password) brings the person back", async ({
    page,
  }) => {
    await page.goto("/journeys");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fjourneys$/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

    const { email, password } = ownerLogin();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong email or password.");

    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/journeys$/);
    await expect(page.getByTestId("workspace-role")).toHaveText("Owner");
    await expect(page.getByText(email)).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/overview");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Foverview$/);
  });

  test("the API answers 401 without a session", async ({ request }) => {
    expect((await request.get("/api/trpc/contacts.list?input=%7B%22json%22%3A%7B%7D%7D")).status()).toBe(401);
  });
});

test("an analyst sees metrics but no Publish button, and the server refuses a publish made by hand", async ({
  browser,
  request,
}) => {
  const suffix = randomSuffix();
  const workspaceId = await currentWorkspaceId(request);
  const created = await trpcMutation<{ id: string }>(request, "journeys.create", { name: `E2E analyst ${suffix}` });
  expect(created.status).toBe(200);
  const journeyId = created.body.result?.data.json.id as string;

  const analyst = await signInAs(browser, "analyst", workspaceId);
  try {
    const { page } = analyst;
    await expect(page.getByTestId("workspace-role")).toHaveText("Analyst");
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Settings" })).toHaveCount(0);

    await page.goto(`/journeys/${journeyId}/edit`);
    await expect(page.getByText(`E2E analyst ${suffix}`).first()).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);

    const refused = await trpcMutation(page.request, "journeys.publish", { journeyId });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.json.message).toContain("Your role (Analyst) does not allow this");
    const journeys = await page.request.get("/api/trpc/journeys.list");
    expect(JSON.stringify(await journeys.json())).toContain(`"status":"draft"`);
  } finally {
    await analyst.close();
  }
});

test("switching workspace shows the other workspace's journeys and nothing of the first", async ({
  browser,
  request,
}) => {
  const suffix = randomSuffix();
  const firstName = `E2E first workspace ${suffix}`;
  expect((await trpcMutation(request, "journeys.create", { name: firstName })).status).toBe(200);

  // A session of its own: switching must not move the shared owner session of the other specs.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const page = await context.newPage();
    const { email, password } = ownerLogin();
    await signInThroughPage(page, email, password);
    await page.getByRole("button", { name: "+ New workspace" }).click();
    await page.getByLabel("New workspace name").fill(`Second ${suffix}`);
    await page.getByRole("button", { name: "Create" }).click();
    const switcher = page.getByRole("combobox", { name: "Workspace" });
    await expect(switcher.locator("option:checked")).toHaveText(`Second ${suffix}`);

    const secondName = `E2E second workspace ${suffix}`;
    expect((await trpcMutation(page.request, "journeys.create", { name: secondName })).status).toBe(200);
    await page.goto("/journeys");
    await expect(page.getByText(secondName)).toBeVisible();
    await expect(page.getByText(firstName)).toHaveCount(0);
    await expect(page.getByText("Welcome", { exact: true })).toHaveCount(0);

    await switcher.selectOption({ label: "Demo workspace" });
    await expect(page).toHaveURL(/\/overview$/);
    await page.goto("/journeys");
    await expect(page.getByText(firstName)).toBeVisible();
    await expect(page.getByText(secondName)).toHaveCount(0);
  } finally {
    await context.close();
  }
});
