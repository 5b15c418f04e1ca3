// The canvas defects of issue 16, each as a person meets it in Chromium: a second trigger
// (7), invalid wait durations (8), the "Published" toast squeezing the toolbar (9), an
// archived journey's editor, sticky notes, the shortcut sheet, PNG export, adding a step
// with the keyboard alone, and axe on the canvas. Journeys are set up over tRPC so each
// test spends its time in the editor.
import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { expectNoSeriousA11yViolations } from "../helpers/axe";
import { canvasNode } from "../helpers/canvas";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

/** A tRPC call over HTTP as the web app's client sends it (superjson envelope); returns the response too. */
async function trpcCall(
  request: APIRequestContext,
  path: string,
  input: unknown,
  kind: "query" | "mutation" = "mutation",
) {
  const url = `/api/trpc/${path}`;
  const response =
    kind === "mutation"
      ? await request.post(url, { data: { json: input } })
      : await request.get(`${url}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as {
    result?: { data: { json: unknown } };
    error?: { json: { message: string } };
  };
  return {
    ok: response.ok(),
    status: response.status(),
    data: body.result?.data.json,
    error: body.error?.json.message,
  };
}

async function trpc<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const result = await trpcCall(request, path, input);
  expect(result.ok, `${path} failed: ${result.error}`).toBe(true);
  return result.data as T;
}

const at = (x: number, y: number) => ({ x, y });

/** trigger → email → exit: publishable as it stands. */
function publishableGraph(event: string, templateId: string) {
  return {
    nodes: [
      { id: "trigger-1", position: at(0, 0), data: { kind: "trigger", event, filters: [] } },
      { id: "email-1", position: at(0, 160), data: { kind: "email", templateId } },
      { id: "exit-1", position: at(0, 320), data: { kind: "exit" } },
    ],
    edges: [
      { id: "e1", source: "trigger-1", target: "email-1", sourceHandle: null },
      { id: "e2", source: "email-1", target: "exit-1", sourceHandle: null },
    ],
  };
}

async function createJourney(request: APIRequestContext, name: string, graph?: unknown): Promise<string> {
  const journey = await trpc<{ id: string }>(request, "journeys.create", { name });
  if (graph) await trpc(request, "journeys.saveDraft", { journeyId: journey.id, graph });
  return journey.id;
}

async function openEditor(page: Page, journeyId: string): Promise<void> {
  await page.goto(`/journeys/${journeyId}/edit`);
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
}

/**
 * The toolbar's buttons and the journey's name each on one line (their text's height is one
 * line's), all inside the toolbar's box, the toolbar its usual height: the toast beside them
 * floats instead of squeezing them.
 */
async function expectToolbarOnOneLine(page: Page): Promise<void> {
  const toolbar = page.locator("header").filter({ has: page.getByRole("heading", { level: 1 }) });
  const bar = await toolbar.boundingBox();
  expect(bar?.height, "the toolbar keeps its height").toBeLessThanOrEqual(61);
  const measured = await toolbar.locator("button:visible, a:visible, h1").evaluateAll((els) =>
    els.map((el) => {
      const text = document.createRange();
      text.selectNodeContents(el);
      const box = el.getBoundingClientRect();
      return { label: el.textContent?.trim() ?? "", textHeight: text.getBoundingClientRect().height, right: box.right };
    }),
  );
  const lineHeight = 24;
  expect(
    measured.filter((m) => m.textHeight > lineHeight).map((m) => m.label),
    "labels on two lines",
  ).toEqual([]);
  const width = page.viewportSize()?.width ?? 0;
  expect(
    measured.filter((m) => m.right > width).map((m) => m.label),
    "buttons past the window's edge",
  ).toEqual([]);
}

test("a second trigger cannot be added, and a wait's bad duration is a problem on its node", async ({
  page,
  request,
}) => {
  const suffix = randomSuffix();
  const journeyId = await createJourney(request, `E2E defects ${suffix}`);
  await openEditor(page, journeyId);

  await test.step("the palette's Trigger is disabled with its reason", async () => {
    await expect(page.getByTestId("palette-trigger")).toBeDisabled();
    await expect(page.getByTestId("palette-trigger")).toContainText("One per journey: already added");
  });

  const waitId = await test.step("add a wait after the trigger", async () => {
    await page.locator(".react-flow__node-trigger").click();
    await page.getByTestId("palette-wait").click();
    const wait = page.locator(".react-flow__node-wait");
    await expect(wait).toContainText("Wait 1 day");
    return (await wait.getAttribute("data-id")) as string;
  });

  await test.step("0, -5, empty and 99,999,999 days are problems on the node and in Problems", async () => {
    const amount = page.getByLabel("Wait for", { exact: true });
    const node = canvasNode(page, waitId);
    const problems = page.getByRole("region", { name: "Problems" });
    for (const [typed, problem] of [
      ["0", "must be at least 1 second"],
      ["-5", "must be at least 1 second"],
      ["", "must be at least 1 second"],
      ["99999999", "must be at most 365 days"],
    ] as const) {
      await amount.fill(typed);
      await expect(node).toContainText(`Pause ${problem}`);
      await expect(node.locator("[aria-invalid=true]")).toHaveCount(1);
      await expect(problems).toContainText(problem);
    }
    await amount.fill("2");
    await expect(node).toContainText("Wait 2 days");
  });

  await test.step("publish refuses a bad wait on the server too, naming the step", async () => {
    const graph = {
      nodes: [
        { id: "trigger-1", position: at(0, 0), data: { kind: "trigger", event: `e2e_${suffix}`, filters: [] } },
        { id: "wait-1", position: at(0, 160), data: { kind: "wait", duration: { amount: 0, unit: "days" } } },
        { id: "exit-1", position: at(0, 320), data: { kind: "exit" } },
      ],
      edges: [
        { id: "e1", source: "trigger-1", target: "wait-1", sourceHandle: null },
        { id: "e2", source: "wait-1", target: "exit-1", sourceHandle: null },
      ],
    };
    const refused = await trpcCall(request, "journeys.publish", { journeyId, graph });
    expect(refused.status).toBe(400);
    expect(refused.error).toContain('Wait node "wait-1": the pause must be at least 1 second (got 0 days)');
  });

  await test.step("a graph with two triggers (from the API) shows a problem on both", async () => {
    const graph = publishableGraph(`e2e_${suffix}`, "tpl-unused");
    graph.nodes.push({ id: "trigger-2", position: at(300, 0), data: { kind: "trigger", event: "other", filters: [] } });
    await trpc(request, "journeys.saveDraft", { journeyId, graph });
    await openEditor(page, journeyId);
    for (const id of ["trigger-1", "trigger-2"]) {
      await expect(canvasNode(page, id).locator("[aria-invalid=true]")).toHaveCount(1);
    }
    await expect(page.getByRole("region", { name: "Problems" }).getByText(/one of 2 triggers/)).toHaveCount(2);
  });
});

test("a sticky note is kept and ignored by publish; the toast floats; an archived journey is read-only", async ({
  page,
  request,
}) => {
  const suffix = randomSuffix();
  const template = await trpc<{ id: string }>(request, "templates.create", { name: `E2E defects ${suffix}` });
  const journeyId = await createJourney(
    request,
    `E2E trial nurture ${suffix}`,
    publishableGraph(`e2e_${suffix}`, template.id),
  );
  await openEditor(page, journeyId);

  await test.step("a note is saved with the draft and comes back after a reload", async () => {
    await page.getByTestId("palette-note").click();
    await page.getByLabel("Note", { exact: true }).fill("Holiday copy goes live on the 1st");
    await expect(page.locator(".react-flow__node-note")).toContainText("Holiday copy goes live on the 1st");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
    await page.reload();
    await expect(page.locator(".react-flow__node-note")).toContainText("Holiday copy goes live on the 1st");
  });

  await test.step("publish ignores the note; the toast floats beside a one-line toolbar at 1440 and 1024", async () => {
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByText("Published version 1")).toBeVisible();
    await expectToolbarOnOneLine(page);
    await page.setViewportSize({ width: 1024, height: 900 });
    await expect(page.getByText("Published version 1")).toBeVisible();
    await expectToolbarOnOneLine(page);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await test.step("archived: read-only, nothing unsaved, no Save or Publish", async () => {
    await page.getByRole("button", { name: "Archive", exact: true }).click();
    await page.getByRole("button", { name: "Archive journey" }).click();
    await expect(page.getByTestId("journey-status")).toHaveText("Archived");
    // Opened afresh, as the defect was seen.
    await page.reload();
    await expect(page.getByTestId("save-state")).toHaveText("Archived: read-only");
    await expect(page.getByRole("button", { name: "Save draft" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
    await expect(page.getByTestId("palette-wait")).toBeDisabled();
    await canvasNode(page, "email-1").click();
    await expect(page.getByRole("button", { name: "Delete step" })).toBeDisabled();
    // The editing tools and their keys change nothing either; Export and ? still work.
    for (const name of ["Undo", "Redo", "Duplicate", "Tidy up"]) {
      await expect(page.getByRole("button", { name, exact: true })).toBeDisabled();
    }
    await page.keyboard.press("ControlOrMeta+d");
    await expect(page.locator(".react-flow__node-email")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Export" })).toBeEnabled();
  });
});

test("the shortcut sheet, PNG export, adding a step by keyboard, and axe on the canvas", async ({ page, request }) => {
  const journeyId = await createJourney(request, `E2E keyboard ${randomSuffix()}`);
  await openEditor(page, journeyId);

  await test.step("? opens the shortcut sheet, Escape closes it", async () => {
    await page.locator(".react-flow__pane").click();
    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(sheet).toBeVisible();
    for (const action of [
      "Undo",
      "Redo",
      "Copy",
      "Paste",
      "Duplicate",
      "Delete the selection",
      "Lay the journey out top-down",
      "Save the draft",
      "Add a step to the selection",
      "Select steps inside a box",
    ]) {
      await expect(sheet.getByText(action, { exact: true })).toBeVisible();
    }
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
  });

  await test.step("Export → PNG downloads a non-empty PNG", async () => {
    await page.getByRole("button", { name: "Export" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "PNG image" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync((await download.path()) as string);
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(bytes.length).toBeGreaterThan(2_000);
  });

  await test.step("Tab (back from Export) to the palette's Wait and press Enter: a wait is added", async () => {
    await expect(page.getByRole("button", { name: "Export" })).toBeFocused();
    let focused = "";
    for (let presses = 0; presses < 40 && focused !== "palette-wait"; presses++) {
      await page.keyboard.press("Shift+Tab");
      focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? "");
    }
    expect(focused, "Tab reaches the palette's Wait").toBe("palette-wait");
    await expect(page.getByRole("button", { name: "Add Wait step" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator(".react-flow__node-wait")).toHaveCount(1);
  });

  await test.step("axe: no serious or critical violation on the canvas", async () => {
    await expectNoSeriousA11yViolations(page);
  });
});
