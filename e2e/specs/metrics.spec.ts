// Live metrics in a real browser: a journey with an A/B split and a goal is published over
// tRPC, the metrics page is opened, events are sent over HTTP, and the counts on the cards,
// the canvas (node badges and edge labels) and the email table change without a reload —
// including an open and a click made through a real sent message's pixel and tracked link.
// Then: the template's metrics across journeys, alert settings errors, and the experiment.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 1000 } });

/** Full-page screenshots for people reviewing the UI, only when asked for (E2E_SCREENSHOT_DIR). */
async function snapshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** A tRPC mutation/query over HTTP as the web app's own client sends it (superjson envelope). */
async function trpc<T>(
  request: APIRequestContext,
  baseURL: string,
  path: string,
  input: unknown,
  kind: "query" | "mutation",
): Promise<T> {
  const url = new URL(`/api/trpc/${path}`, baseURL);
  const response =
    kind === "mutation"
      ? await request.post(url.toString(), { data: { json: input } })
      : await request.get(`${url.toString()}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  expect(response.ok(), `${path} failed: ${JSON.stringify(body.error)}`).toBe(true);
  return (body.result as { data: { json: T } }).data.json;
}

test("journey metrics update live and show the experiment", async ({ page, request, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const eventName = `e2e_metrics_${suffix}`;
  const goalEvent = `e2e_purchased_${suffix}`;

  let templateId = "";
  const journeyId = await test.step("publish trigger → A/B split → emails → exit with a goal", async () => {
    // The starter content has a tracked "Get started" button: the click below goes through it.
    const template = await trpc<{ id: string }>(
      request,
      baseURL,
      "templates.create",
      { name: `E2E metrics ${suffix}` },
      "mutation",
    );
    const journey = await trpc<{ id: string }>(
      request,
      baseURL,
      "journeys.create",
      { name: `E2E metrics ${suffix}` },
      "mutation",
    );
    const at = (x: number, y: number) => ({ x, y });
    const graph = {
      nodes: [
        { id: "trigger-1", position: at(0, 0), data: { kind: "trigger", event: eventName, filters: [] } },
        {
          id: "split-1",
          position: at(0, 140),
          data: {
            kind: "split",
            variants: [
              { id: "a", name: "A", weight: 50 },
              { id: "b", name: "B", weight: 50 },
            ],
            holdoutPercent: 0,
          },
        },
        { id: "email-a", position: at(-160, 280), data: { kind: "email", templateId: template.id } },
        { id: "email-b", position: at(160, 280), data: { kind: "email", templateId: template.id } },
        { id: "exit-a", position: at(-160, 420), data: { kind: "exit" } },
        { id: "exit-b", position: at(160, 420), data: { kind: "exit" } },
      ],
      edges: [
        { id: "e1", source: "trigger-1", target: "split-1", sourceHandle: null },
        { id: "e2", source: "split-1", target: "email-a", sourceHandle: "a" },
        { id: "e3", source: "split-1", target: "email-b", sourceHandle: "b" },
        { id: "e4", source: "email-a", target: "exit-a", sourceHandle: null },
        { id: "e5", source: "email-b", target: "exit-b", sourceHandle: null },
      ],
      settings: { goal: { event: goalEvent, filters: [], window: { amount: 1, unit: "days" } } },
    };
    await trpc(request, baseURL, "journeys.publish", { journeyId: journey.id, graph }, "mutation");
    templateId = template.id;
    return journey.id;
  });

  await test.step("open the metrics page", async () => {
    await page.goto(`/journeys/${journeyId}/metrics`);
    await expect(page.getByTestId("live-indicator")).toHaveText("Live", { timeout: 30_000 });
    await expect(page.getByTestId("metric-entered")).toHaveText("0");
    await expect(page.getByTestId("metrics-canvas")).toBeVisible();
    await expect(page.getByTestId("canvas-count-split-1")).toHaveText("0");
    await expect(page.getByTestId("rf__edge-e1")).toContainText("0");
  });

  const users = [0, 1, 2, 3].map((i) => `e2e-metrics-${suffix}-${i}`);
  await test.step("send events over HTTP and watch the counts change without reload", async () => {
    // The email address rides on the trigger event (the contact is created from it).
    for (const userId of users)
      await sendTrackEvent(request, baseURL, {
        userId,
        event: eventName,
        properties: { email: `${userId}@example.test` },
      });
    await expect(page.getByTestId("metric-entered")).toHaveText("4", { timeout: 30_000 });
    await expect(page.getByTestId("canvas-count-split-1")).toContainText("4", { timeout: 30_000 });
    await expect(page.getByTestId("metric-sent")).toHaveText("4", { timeout: 30_000 });
    // Sends (messages) and the email steps' counts (run steps) arrive in separate pushes.
    await expect
      .poll(
        async () =>
          Number(await page.getByTestId("node-count-email-a").textContent()) +
          Number(await page.getByTestId("node-count-email-b").textContent()),
        { timeout: 30_000 },
      )
      .toBe(4);
    // The trigger → split edge's label counts the runs that took it.
    await expect(page.getByTestId("rf__edge-e1")).toContainText("4");
  });

  await test.step("open and click a real sent message: the email table counts them without reload", async () => {
    const to = `${users[0]}@example.test`;
    type Listed = { id: string; toAddress: string; journeyId: string | null; nodeId: string | null };
    let sent: Listed | undefined;
    await expect
      .poll(
        async () => {
          const listed = await trpc<{ items: Listed[] }>(request, baseURL, "messages.list", { limit: 200 }, "query");
          sent = listed.items.find((m) => m.toAddress === to && m.journeyId === journeyId);
          return sent !== undefined;
        },
        { message: `a message to ${to} is listed`, timeout: 30_000 },
      )
      .toBe(true);
    if (!sent) throw new Error("unreachable: polled until found");
    const message = await trpc<{ html: string }>(request, baseURL, "messages.byId", { messageId: sent.id }, "query");
    const pixel = /\/t\/o\/[^"'\s>]+/.exec(message.html)?.[0];
    const click = /\/t\/c\/[^"'\s>]+/.exec(message.html)?.[0];
    expect(pixel, "the sent email carries an open pixel").toBeTruthy();
    expect(click, "the sent email's button is click-tracked").toBeTruthy();
    const node = sent.nodeId;
    await expect(page.getByTestId(`email-nodes-${node}-opened_unique`)).toContainText("0");
    expect((await request.get(new URL(pixel as string, baseURL).toString())).ok()).toBe(true);
    const redirect = await request.get(new URL((click as string).replaceAll("&amp;", "&"), baseURL).toString(), {
      maxRedirects: 0,
    });
    expect(redirect.status(), "the tracked link redirects").toBeGreaterThanOrEqual(300);
    expect(redirect.headers().location).toBe("https://mailstream.test/start");
    await expect(page.getByTestId(`email-nodes-${node}-opened_unique`)).toContainText("1", { timeout: 30_000 });
    await expect(page.getByTestId(`email-nodes-${node}-clicked_unique`)).toContainText("1", { timeout: 30_000 });
    await expect(page.getByTestId(`email-nodes-${node}-clicked`)).toContainText("1");
    await expect(page.getByTestId("email-links")).toContainText("https://mailstream.test/start");
    await page.getByRole("button", { name: "Rates" }).click();
    await expect(page.getByTestId("email-chart")).toContainText("% of the bucket's sends");
    await snapshot(page, "journey-metrics");
  });

  await test.step("a custom range and a version filter", async () => {
    await page.getByLabel("Time range").selectOption("custom");
    await page.getByLabel("From", { exact: true }).fill("2020-01-02T10:00");
    await page.getByLabel("To", { exact: true }).fill("2020-01-01T10:00");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("custom-range")).toContainText("To must be later than From");
    await snapshot(page, "custom-range-error");
    await page.getByLabel("To", { exact: true }).fill("2020-01-03T10:00");
    await page.getByRole("button", { name: "Apply" }).click();
    // Nothing happened in January 2020.
    await expect(page.getByTestId("metric-entered")).toHaveText("0", { timeout: 30_000 });
    await page.getByLabel("Time range").selectOption("all");
    await expect(page.getByTestId("metric-entered")).toHaveText("4", { timeout: 30_000 });
    const versions = await trpc<{ id: string; version: number }[]>(
      request,
      baseURL,
      "metrics.versions",
      { journeyId },
      "query",
    );
    await page.getByLabel("Version").selectOption(versions[0]?.id as string);
    await expect(page.getByText("Flow · v1")).toBeVisible();
    await expect(page.getByTestId("canvas-count-split-1")).toContainText("4", { timeout: 30_000 });
    await snapshot(page, "journey-version-filter");
  });

  await test.step("the template's metrics across journeys", async () => {
    await page.goto(`/templates/${templateId}/metrics`);
    await expect(page.getByTestId("tpl-sent")).toHaveText("4", { timeout: 30_000 });
    await expect(page.getByTestId("template-journeys")).toContainText(`E2E metrics ${suffix}`);
    await expect(page.getByTestId("template-journeys-row-total")).toContainText("All journeys");
    await snapshot(page, "template-metrics");
  });

  await test.step("alert settings name the field that is wrong and save valid values", async () => {
    await page.goto("/overview");
    const form = page.getByTestId("alert-settings");
    await form.getByLabel("Bounce rate threshold (%)").fill("150");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("alert-error-bounceRateThreshold")).toHaveText(
      "Bounce rate threshold must be below 100%",
    );
    await form.getByLabel("Bounce rate threshold (%)").fill("5");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(form.getByText("Saved")).toBeVisible();
    await expect(page.getByTestId("alert-error-bounceRateThreshold")).toHaveCount(0);
    await snapshot(page, "overview");
    await page.goto(`/journeys/${journeyId}/metrics`);
  });

  await test.step("read the experiment result", async () => {
    for (const userId of users.slice(0, 2)) await sendTrackEvent(request, baseURL, { userId, event: goalEvent });
    const experiment = page.getByTestId("experiment-split-1");
    await expect(experiment).toBeVisible({ timeout: 30_000 });
    await expect(experiment).toContainText(`goal: “${goalEvent}”`);
    await expect(experiment.getByTestId("arm-split-1-a")).toBeVisible();
    await expect(experiment.getByTestId("arm-split-1-b")).toBeVisible();
    // Two of four contacts converted; the experiment is pushed over SSE when its numbers change.
    await expect
      .poll(
        async () => {
          const cells = await experiment.locator("tbody tr td:nth-child(3)").allTextContents();
          return cells.reduce((sum, text) => sum + Number(text), 0);
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    await expect(page.getByTestId("recommendation-split-1")).toContainText("Waiting for 100 contacts per variant");
    // Two conversions are below the minimum P(best) needs; each arm is named by its email, and
    // every rate sits inside its own interval.
    await expect(experiment.getByTestId("arm-pbest-a")).toHaveText("not enough data");
    await expect(experiment.getByTestId("arm-split-1-a")).toContainText(`E2E metrics ${suffix}`);
    for (const arm of ["a", "b"]) {
      const [rate, low, high] = ((await experiment.getByTestId(`arm-rate-${arm}`).textContent()) ?? "")
        .match(/[\d.]+%/g)
        ?.map((p) => Number.parseFloat(p)) ?? [NaN, NaN, NaN];
      expect(low).toBeLessThanOrEqual(rate as number);
      expect(high).toBeGreaterThanOrEqual(rate as number);
    }
    await expect(page.getByTestId("auto-winner-split-1")).toContainText("Automatic winner off");
    // The metric picker: open rate among contacts the emails reached.
    await page.getByLabel("Experiment metric").selectOption("open_rate");
    await expect(experiment.locator("thead")).toContainText("Opened");
    await expect(experiment.locator("thead")).toContainText("Open rate (95% interval)");
  });
});
