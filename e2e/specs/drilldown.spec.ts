// The drill-down on a live journey (issue 15): a contact waits an hour before an email; on the
// journey's metrics page a click on the wait lists who is there (with "resumes at"), and
// "Continue now" on that contact skips the wait — the email reaches the Inbox (outbox) at
// once. The contact's journey view then draws the run on its version's canvas, the path taken
// and every step. The editor's Live view opens the same drill-down from its canvas.
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "../helpers/auth";
import { waitForInboxEmail } from "../helpers/inbox";
import { randomSuffix, sendTrackEvent } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 1000 } });

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

/** A published trigger → wait 1 hour → email → exit journey, and its template. */
async function publishWaitJourney(request: APIRequestContext, suffix: string, event: string) {
  const template = await trpc<{ id: string }>(request, "templates.create", { name: `Drill ${suffix}` }, "mutation");
  const journey = await trpc<{ id: string }>(request, "journeys.create", { name: `Drill ${suffix}` }, "mutation");
  const node = (id: string, y: number, data: object) => ({ id, position: { x: 250, y }, data });
  const graph = {
    nodes: [
      node("trigger-1", 0, { kind: "trigger", event, filters: [] }),
      node("wait-1", 150, { kind: "wait", duration: { amount: 1, unit: "hours" } }),
      node("email-1", 300, { kind: "email", templateId: template.id }),
      node("exit-1", 450, { kind: "exit" }),
    ],
    edges: [
      { id: "e1", source: "trigger-1", target: "wait-1", sourceHandle: null },
      { id: "e2", source: "wait-1", target: "email-1", sourceHandle: null },
      { id: "e3", source: "email-1", target: "exit-1", sourceHandle: null },
    ],
  };
  await trpc(request, "journeys.publish", { journeyId: journey.id, graph }, "mutation");
  return journey;
}

/** Polls until `count` contacts wait at wait-1; returns the first one's contact id. */
async function waitersAtWait(request: APIRequestContext, journeyId: string, count: number): Promise<string> {
  let contactId = "";
  await expect
    .poll(
      async () => {
        const page = await trpc<{ items: { contactId: string }[]; total: number }>(
          request,
          "runs.atStep",
          { journeyId, nodeId: "wait-1" },
          "query",
        );
        contactId = page.items[0]?.contactId ?? "";
        return page.total;
      },
      { message: `${count} contact(s) wait at wait-1`, timeout: 30_000 },
    )
    .toBe(count);
  return contactId;
}

test("skip a contact's wait from the drill-down and the email arrives; the contact's journey view draws the path", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const event = `e2e_drill_${suffix}`;
  const journey = await publishWaitJourney(request, suffix, event);
  const userId = `e2e-drill-${suffix}`;
  const email = `${userId}@example.test`;
  await sendTrackEvent(request, baseURL, { userId, event, properties: { email } });
  const contactId = await waitersAtWait(request, journey.id, 1);

  await page.goto(`/journeys/${journey.id}/metrics`);
  // A step on the canvas opens the drill-down; so does its row in the steps table.
  const panel = page.getByTestId("step-drilldown");
  await page.getByTestId("metrics-canvas").locator('.react-flow__node[data-id="wait-1"]').click();
  await expect(panel).toContainText("Wait 1 hour");
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toHaveCount(0);
  await page.getByTestId("drill-wait-1").click();
  const row = panel.getByTestId("drilldown-row").filter({ hasText: email });
  await expect(row).toContainText("resumes at");
  await expect(panel.getByTestId("drilldown-total")).toHaveText("1 contact");
  await row.getByRole("checkbox").check();
  await panel.getByRole("button", { name: "Continue now" }).click();
  await snapshot(page, "drilldown-panel");
  await panel.getByTestId("drilldown-confirm").getByRole("button", { name: "Confirm" }).click();
  await expect(panel.getByTestId("drilldown-notice")).toContainText("1 runs signalled");

  await waitForInboxEmail(page, /Welcome/, { to: email });

  await page.goto(`/contacts/${contactId}`);
  await page.getByTestId("contact-journeys-link").click();
  await expect(page.getByTestId("run-path-canvas")).toBeVisible();
  await expect(page.getByTestId("path-node-wait-1")).toContainText("continued");
  await expect(page.getByTestId("path-node-email-1")).toContainText("sent");
  await expect(page.getByTestId("contact-journey-steps")).toContainText("continued");
  await expect(page.getByTestId("contact-journey-position")).toContainText("Done");
  await snapshot(page, "contact-journey-view");
});

test("the editor's Live view: a click on a step opens the same drill-down, and a run ends from it", async ({
  page,
  request,
  baseURL,
}) => {
  if (!baseURL) throw new Error("baseURL is not configured");
  const suffix = randomSuffix();
  const event = `e2e_live_${suffix}`;
  const journey = await publishWaitJourney(request, suffix, event);
  const emails = ["ada", "bob"].map((name) => `e2e-live-${name}-${suffix}@example.test`);
  for (const email of emails) await sendTrackEvent(request, baseURL, { userId: email, event, properties: { email } });
  await waitersAtWait(request, journey.id, 2);

  await page.goto(`/journeys/${journey.id}/edit`);
  await page.getByRole("group", { name: "Canvas view" }).getByRole("button", { name: "Live" }).click();
  await expect(page.getByTestId("live-hint")).toBeVisible();
  const canvas = page.getByTestId("metrics-canvas");
  await expect(canvas.getByTestId("canvas-count-wait-1")).toContainText("2 waiting");
  await canvas.locator('.react-flow__node[data-id="wait-1"]').click();
  const panel = page.getByTestId("step-drilldown");
  await expect(panel).toContainText("Wait 1 hour");
  await expect(panel.getByTestId("drilldown-total")).toHaveText("2 contacts");
  // Searchable: one contact by address, then end its run.
  await panel.getByLabel("Search contacts at this step").fill("e2e-live-ada");
  const row = panel.getByTestId("drilldown-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(emails[0] as string);
  await expect(row).toContainText("resumes at");
  await row.getByRole("checkbox").check();
  await snapshot(page, "editor-live-drilldown");
  await panel.getByRole("button", { name: "End run" }).click();
  await panel.getByTestId("drilldown-confirm").getByRole("button", { name: "Confirm" }).click();
  await expect(panel.getByTestId("drilldown-notice")).toContainText("1 runs signalled");
  await panel.getByLabel("Search contacts at this step").fill("");
  // The list refreshes every 5 s; its count and rows are two reads, so wait for both to settle.
  await expect(panel.getByTestId("drilldown-row")).toHaveCount(1);
  await expect(panel.getByTestId("drilldown-row")).toContainText(emails[1] as string);
  await expect(panel.getByTestId("drilldown-total")).toHaveText("1 contact");

  // Back to the drawing: the palette and inspector return.
  await page.getByRole("group", { name: "Canvas view" }).getByRole("button", { name: "Draft" }).click();
  await expect(page.getByRole("region", { name: "Problems" })).toBeVisible();
  await expect(panel).toHaveCount(0);
});
