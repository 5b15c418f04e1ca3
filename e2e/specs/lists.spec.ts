// The journeys and templates lists in a real browser: rename a journey (a blank name is refused
// in words), search and filter by status, duplicate a template, see a used template's delete
// refused naming its journey, and the template editor mark a refused field and a bad button
// link — each cleared once fixed. Every name carries this run's suffix, so the shared demo
// workspace's other rows never match the searches.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

async function trpc<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const response = await request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("rename, search, filter, duplicate and delete in the lists; template editor errors on the field", async ({
  page,
  request,
}) => {
  const suffix = randomSuffix();
  const templateName = `Lists tpl ${suffix}`;
  const journeyName = `Lists ${suffix} nurture`;
  const renamed = `Lists ${suffix} renamed`;

  const template = await trpc<{ id: string }>(request, "templates.create", { name: templateName });
  const journey = await trpc<{ id: string }>(request, "journeys.create", { name: journeyName });
  await trpc(request, "journeys.create", { name: `Lists ${suffix} other` });
  await trpc(request, "journeys.saveDraft", {
    journeyId: journey.id,
    graph: {
      nodes: [
        { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: `lists_${suffix}`, filters: [] } },
        { id: "email-1", position: { x: 0, y: 150 }, data: { kind: "email", templateId: template.id } },
      ],
      edges: [{ id: "e1", source: "trigger", target: "email-1", sourceHandle: null }],
    },
  });

  await test.step("rename a journey; a blank name is refused in words", async () => {
    await page.goto(`/journeys?q=${encodeURIComponent(journeyName)}`);
    const row = page.getByTestId("journey-row");
    await expect(row).toHaveCount(1);
    await row.getByTestId("journey-rename").click();
    const input = page.getByTestId("journey-rename-input");
    await input.fill("   ");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("dialog").getByRole("alert")).toHaveText("Give the journey a name");
    await input.fill(renamed);
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.goto(`/journeys?q=${encodeURIComponent(renamed.toUpperCase())}`);
    await expect(page.getByTestId("journey-row")).toHaveText(new RegExp(renamed));
  });

  await test.step("search and filter by status", async () => {
    await page.goto("/journeys");
    const filters = page.getByTestId("list-filters");
    await filters.getByRole("searchbox").fill(suffix);
    await filters.getByLabel("Status").selectOption("live");
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByText("No journeys match")).toBeVisible();
    await page.getByTestId("list-filters").getByLabel("Status").selectOption("draft");
    await page.getByTestId("list-filters").getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("journey-row")).toHaveCount(2);
    await expect(page).toHaveURL(/status=draft/);
  });

  await test.step("duplicate a template; deleting the used one names its journey", async () => {
    await page.goto(`/templates?q=${encodeURIComponent(templateName)}`);
    await expect(page.getByTestId("template-row")).toHaveCount(1);
    await page.getByTestId("template-duplicate").click();
    await expect(page.getByTestId("template-row")).toHaveCount(2);
    await expect(page.getByRole("link", { name: `${templateName} (copy)` })).toBeVisible();
    const original = page.locator(`[data-testid=template-row][data-template-id="${template.id}"]`);
    await original.getByTestId("template-delete").click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await expect(page.getByRole("dialog").getByRole("alert")).toContainText(`is used by the journey "${renamed}"`);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("template-row")).toHaveCount(2);
  });

  await test.step("the template editor marks the refused field and clears it when fixed", async () => {
    await page.getByRole("link", { name: `${templateName} (copy)` }).click();
    await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
    const name = page.getByLabel("Name", { exact: true });
    await name.fill("  ");
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("template-name-error")).toHaveText("Give the template a name");
    await expect(page.getByTestId("template-save")).toBeDisabled();
    await name.fill(`Lists copy ${suffix}`);
    await expect(name).toHaveAttribute("aria-invalid", "false");
    await expect(page.getByTestId("template-name-error")).toHaveCount(0);

    await page.locator("[data-testid=block-row][data-block-type=button]").first().getByRole("button").first().click();
    await page.getByLabel("Link URL").fill("not a url");
    await expect(page.getByTestId("template-link-problems")).toContainText("is not a full URL");
    await expect(page.getByTestId("template-preview-hidden")).toContainText("Not shown below until fixed");
    await page.getByLabel("Link URL").fill("");
    // Refused by the preview's input check: in words, the block marked, no JSON.
    await expect(page.getByTestId("template-preview-error")).toHaveText("Button URL is required");
    await expect(page.getByTestId("template-block-problems")).toContainText("Button URL is required");
    await page.getByLabel("Link URL").fill("https://mailstream.test/start");
    await expect(page.getByTestId("template-link-problems")).toHaveCount(0);
    await expect(page.getByTestId("template-preview-hidden")).toHaveCount(0);
    await expect(page.getByTestId("template-preview-error")).toHaveCount(0);
    await expect(page.getByTestId("template-block-problems")).toHaveCount(0);
    await page.getByTestId("template-save").click();
    await expect(page.getByTestId("template-save-status")).toHaveText("All changes saved");
  });
});
