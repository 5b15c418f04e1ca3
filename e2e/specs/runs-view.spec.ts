// Runs a person can follow (issue 16, points 4 and 11): two journeys are published over tRPC,
// one contact enters both over HTTP; one run completes, the other waits an hour. The run
// inspector names the email step by its template, says when the waiting run resumes, shows the
// finished run's steps as done (never "waiting"), and links to the workflow in the Temporal UI;
// the contact's profile names the step each run is on.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

/** Screenshots for people reviewing the UI, only when asked for (E2E_SCREENSHOT_DIR). */
async function snapshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

async function trpc<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation") {
  const response =
    kind === "mutation"
      ? await request.post(`/api/trpc/${path}`, { data: { json: input } })
      : await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  const body = (await response.json()) as { result?: { data: { json: T } }; error?: unknown };
  expect(response.ok(), `${path} failed: ${JSON.stringify(body.error)}`).toBe(true);
  return (body.result as { data: { json: T } }).data.json;
}

type ListedRun = {
  id: string;
  contactId: string;
  workflowId?: string;
  status: string;
  currentStep: { state: string } | null;
};

/** trigger → email → wait → exit, published; returns the journey id. */
async function publishJourney(
  request: APIRequestContext,
  name: string,
  event: string,
  templateId: string,
  wait: object,
) {
  const journey = await trpc<{ id: string }>(request, "journeys.create", { name }, "mutation");
  const node = (id: string, y: number, data: object) => ({ id, position: { x: 250, y }, data });
  const graph = {
    nodes: [
      node("trigger-1", 0, { kind: "trigger", event, filters: [] }),
      node("email-1", 150, { kind: "email", templateId }),
      node("wait-1", 300, { kind: "wait", duration: wait }),
      node("exit-1", 450, { kind: "exit" }),
    ],
    edges: [
      { id: "e1", source: "trigger-1", target: "email-1", sourceHandle: null },
      { id: "e2", source: "email-1", target: "wait-1", sourceHandle: null },
      { id: "e3", source: "wait-1", target: "exit-1", sourceHandle: null },
    ],
  };
  await trpc(request, "journeys.publish", { journeyId: journey.id, graph }, "mutation");
  return journey.id;
}

async function pollRun(request: APIRequestContext, journeyId: string, isThere: (run: ListedRun) => boolean) {
  let found: ListedRun | undefined;
  await expect
    .poll(
      async () => {
        const list = await trpc<{ items: ListedRun[] }>(request, "runs.list", { journeyId }, "query");
        found = list.items[0];
        return found !== undefined && isThere(found);
      },
      { message: `the run of journey ${journeyId} gets there`, timeout: 30_000 },
    )
    .toBe(true);
  return found as ListedRun;
}

test("runs name their steps, say when they resume, show done steps and link to Temporal", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const templateName = `E2E runs ${suffix}`;
  const template = await trpc<{ id: string }>(request, "templates.create", { name: templateName }, "mutation");
  const quickId = await publishJourney(request, `Quick ${suffix}`, `e2e_quick_${suffix}`, template.id, {
    amount: 1,
    unit: "seconds",
  });
  const slowId = await publishJourney(request, `Slow ${suffix}`, `e2e_slow_${suffix}`, template.id, {
    amount: 1,
    unit: "hours",
  });
  const userId = `e2e-runs-${suffix}`;
  const properties = { email: `${userId}@example.test` };
  await sendTrackEvent(request, baseURL, { userId, event: `e2e_quick_${suffix}`, properties });
  await sendTrackEvent(request, baseURL, { userId, event: `e2e_slow_${suffix}`, properties });
  const quick = await pollRun(request, quickId, (run) => run.status === "completed");
  const slow = await pollRun(request, slowId, (run) => run.currentStep?.state === "waiting");

  await page.goto(`/contacts/${slow.contactId}`);
  const slowRow = page.getByTestId("contact-run-row").filter({ hasText: `Slow ${suffix}` });
  await expect(slowRow).toContainText("Wait · 1 hour");
  await expect(slowRow).toContainText("resumes");
  await expect(page.getByTestId("contact-run-row").filter({ hasText: `Quick ${suffix}` })).toContainText("Done");
  await snapshot(page, "runs-after-contact");

  await page.goto(`/runs/${slow.id}`);
  const email = page.locator('[data-testid="run-step"][data-node-id="email-1"]');
  await expect(email).toContainText(`Email · "${templateName}"`);
  await expect(page.getByTestId("run-steps")).not.toContainText("template not found");
  await expect(page.locator('[data-testid="run-step"][data-node-id="wait-1"]')).toHaveAttribute(
    "data-state",
    "waiting",
  );
  await expect(page.getByTestId("run-current-node")).toContainText("Wait · 1 hour");
  await expect(page.getByTestId("run-current-node")).toContainText("resumes at");
  const link = page.getByRole("link", { name: "Open in Temporal" });
  await expect(link).toHaveAttribute("href", /\/namespaces\/default\/workflows\?query=WorkflowId/);
  expect(decodeURIComponent((await link.getAttribute("href")) ?? "")).toContain(`journey:${slowId}:${slow.contactId}`);
  await snapshot(page, "runs-after-inspector-waiting");

  await page.goto(`/runs/${quick.id}`);
  await expect(page.getByTestId("run-status")).toHaveText("completed");
  const states = await page.getByTestId("run-step").evaluateAll((rows) => rows.map((row) => row.dataset.state));
  expect(states.length).toBeGreaterThanOrEqual(3);
  expect(states.every((state) => state === "done")).toBe(true);
  await expect(page.getByTestId("run-steps")).not.toContainText(/waiting|pausing/i);
  await expect(page.getByTestId("run-current-node")).not.toContainText(/wait/i);
  await snapshot(page, "runs-after-inspector-completed");
});
