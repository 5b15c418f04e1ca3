// Live metrics in a real browser: a journey with an A/B split and a goal is published over
// tRPC, the metrics page is opened, events are sent over HTTP, and the counts on the cards,
// the canvas and the experiment table change without a reload.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 1000 } });

/** A tRPC mutation/query over HTTP as the web app's own client sends it (superjson envelope). */
async function trpc<T>(request: APIRequestContext, baseURL: string, path: string, input: unknown, kind: "query" | "mutation"): Promise<T> {
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

  const journeyId = await test.step("publish trigger → A/B split → emails → exit with a goal", async () => {
    const templates = await trpc<{ id: string; name: string }[]>(request, baseURL, "templates.list", undefined, "query");
    const templateId = templates.find((t) => t.name === "Welcome")?.id ?? templates[0]?.id;
    if (!templateId) throw new Error("the demo workspace has no template");
    const journey = await trpc<{ id: string }>(request, baseURL, "journeys.create", { name: `E2E metrics ${suffix}` }, "mutation");
    const at = (x: number, y: number) => ({ x, y });
    const graph = {
      nodes: [
        { id: "trigger-1", position: at(0, 0), data: { kind: "trigger", event: eventName, filters: [] } },
        { id: "split-1", position: at(0, 140), data: { kind: "split", variants: [{ id: "a", name: "A", weight: 50 }, { id: "b", name: "B", weight: 50 }], holdoutPercent: 0 } },
        { id: "email-a", position: at(-160, 280), data: { kind: "email", templateId } },
        { id: "email-b", position: at(160, 280), data: { kind: "email", templateId } },
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
    return journey.id;
  });

  await test.step("open the metrics page", async () => {
    await page.goto(`/journeys/${journeyId}/metrics`);
    await expect(page.getByTestId("live-indicator")).toHaveText("Live", { timeout: 30_000 });
    await expect(page.getByTestId("metric-entered")).toHaveText("0");
    await expect(page.getByTestId("metrics-canvas")).toBeVisible();
    await expect(page.getByTestId("canvas-count-split-1")).toHaveText("0");
  });

  const users = [0, 1, 2, 3].map((i) => `e2e-metrics-${suffix}-${i}`);
  await test.step("send events over HTTP and watch the counts change without reload", async () => {
    // The email address rides on the trigger event (the contact is created from it).
    for (const userId of users) await sendTrackEvent(request, baseURL, { userId, event: eventName, properties: { email: `${userId}@example.test` } });
    await expect(page.getByTestId("metric-entered")).toHaveText("4", { timeout: 30_000 });
    await expect(page.getByTestId("canvas-count-split-1")).toContainText("4", { timeout: 30_000 });
    await expect(page.getByTestId("metric-sent")).toHaveText("4", { timeout: 30_000 });
    const emailA = Number(await page.getByTestId("node-count-email-a").textContent());
    const emailB = Number(await page.getByTestId("node-count-email-b").textContent());
    expect(emailA + emailB).toBe(4);
  });

  await test.step("read the experiment result", async () => {
    for (const userId of users.slice(0, 2)) await sendTrackEvent(request, baseURL, { userId, event: goalEvent });
    const experiment = page.getByTestId("experiment-split-1");
    await expect(experiment).toBeVisible({ timeout: 30_000 });
    await expect(experiment).toContainText(`goal: “${goalEvent}”`);
    await expect(experiment.getByTestId("arm-split-1-a")).toBeVisible();
    await expect(experiment.getByTestId("arm-split-1-b")).toBeVisible();
    // Two of four contacts converted; the experiment refreshes every 5 s.
    await expect
      .poll(async () => {
        const cells = await experiment.locator("tbody tr td:nth-child(3)").allTextContents();
        return cells.reduce((sum, text) => sum + Number(text), 0);
      }, { timeout: 30_000 })
      .toBe(2);
    await expect(page.getByTestId("recommendation-split-1")).toContainText("Waiting for 100 contacts per variant");
    await expect(experiment.getByTestId("arm-pbest-a")).toHaveText(/%$/);
  });
});
