// A test run answers audience conditions as a real run does: the same journey (a branch on
// segment membership, then a marketing email on a subscription topic) run for real in the
// workspace and as a test run, for real contacts in and out of each, takes the same path; a
// written contact's memberships follow from its traits.
import { describe, expect } from "vitest";
import { findRunSteps } from "@mailstream/db/queries/runs";
import { insertSegment } from "@mailstream/db/queries/segments";
import { enterSegments, findWorkspacesWithSegments } from "@mailstream/db/queries/segment-memberships";
import { createScratchRun, deleteScratchWorkspace } from "@mailstream/db/queries/scratch-workspaces";
import { createTopic, setContactSubscription } from "@mailstream/db/queries/subscription-topics";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";
import {
  createContactFixture,
  createRunFixture,
  createTemplateFixture,
  createWorkspaceFixture,
} from "@mailstream/testing/workflow-fixtures";
import {
  JOURNEY_TEST_WORKFLOW,
  journeyTestWorkflowId,
  type JourneyTestRunResult,
  type Plan,
  type TestRunContact,
} from "@mailstream/temporal-contracts/test-runs";

const test = temporalWorkersTest;

async function audienceJourney(workers: TestWorkers) {
  const { db } = workers;
  const { workspaceId } = await createWorkspaceFixture(db);
  const offers = await createTopic(db, workspaceId, { name: "Offers", description: "", defaultMode: "opt_out" });
  const vip = await insertSegment(db, {
    workspaceId,
    name: "VIP",
    definition: {
      match: "all",
      groups: [{ match: "all", predicates: [{ type: "trait", path: "plan", op: "eq", value: "vip" }] }],
    },
  });
  const { templateId: offer } = await createTemplateFixture(db, workspaceId, { subject: "An offer", body: "Hi" });
  const { templateId: basic } = await createTemplateFixture(db, workspaceId, { subject: "News", body: "Hi" });
  const plan: Plan = {
    format: 1,
    trigger: { nodeId: "trigger", event: "signed_up", filters: [] },
    entry: "isVip",
    steps: {
      isVip: {
        kind: "branch",
        id: "isVip",
        condition: {
          match: "all",
          groups: [{ match: "all", predicates: [{ type: "segment", segmentId: vip.id, isMember: true }] }],
        },
        yes: "offer",
        no: "basic",
      },
      offer: { kind: "email", id: "offer", templateId: offer, topicId: offers.id, next: null },
      basic: { kind: "email", id: "basic", templateId: basic, topicId: offers.id, next: null },
    },
  };
  return { workspaceId, plan, vipId: vip.id, offersId: offers.id };
}

async function realPath(workers: TestWorkers, workspaceId: string, contactId: string, plan: Plan) {
  const run = await createRunFixture(workers.db, { workspaceId, contactId, plan });
  const handle = await workers.startRun(run.input, run.workflowId);
  await handle.result();
  const steps = await findRunSteps(workers.db, run.runId);
  return steps.map((step) => `${step.nodeId}:${step.outcome}`);
}

async function testRunPath(workers: TestWorkers, workspaceId: string, contact: TestRunContact, plan: Plan) {
  const testId = crypto.randomUUID();
  const result: JourneyTestRunResult = await workers.client.workflow.execute(JOURNEY_TEST_WORKFLOW, {
    taskQueue: workers.taskQueues.journeys,
    workflowId: journeyTestWorkflowId(testId),
    args: [
      {
        testId,
        workspaceId,
        journeyId: crypto.randomUUID(),
        journeyName: "Offers",
        plan,
        contact,
        events: [{ event: "signed_up", atMs: 0, properties: {} }],
      },
    ],
  });
  if (!result.ok) throw new Error(result.reason);
  return result.timeline.steps.map((step) => `${step.nodeId}:${step.outcome}`);
}

describe("test runs read the audience as real runs do", () => {
  test("segment membership and topic subscription: same path as a real run", async ({ workers }) => {
    const { db } = workers;
    const { workspaceId, plan, vipId, offersId } = await audienceJourney(workers);
    // The membership row decides, not the traits: the VIP contact's traits no longer match
    // (the sweep has not run yet), and a real run still reads it as a member.
    const inSubscribed = await createContactFixture(db, workspaceId, { traits: { plan: "free" } });
    const inUnsubscribed = await createContactFixture(db, workspaceId, { traits: { plan: "vip" } });
    const outUnsubscribed = await createContactFixture(db, workspaceId, { traits: { plan: "free" } });
    await enterSegments(
      db,
      workspaceId,
      [inSubscribed, inUnsubscribed].map(({ contactId }) => ({ segmentId: vipId, contactId })),
      new Date(),
    );
    for (const { contactId } of [inUnsubscribed, outUnsubscribed]) {
      await setContactSubscription(db, {
        workspaceId,
        contactId,
        topicId: offersId,
        isSubscribed: false,
        source: "api",
      });
    }

    const expected = [
      [inSubscribed, ["isVip:yes", "offer:sent"]],
      [inUnsubscribed, ["isVip:yes", "offer:skipped"]],
      [outUnsubscribed, ["isVip:no", "basic:skipped"]],
    ] as const;
    for (const [contact, path] of expected) {
      const real = await realPath(workers, workspaceId, contact.contactId, plan);
      const tested = await testRunPath(workers, workspaceId, { contactId: contact.contactId }, plan);
      expect(real.filter((step) => !step.startsWith("trigger:"))).toEqual(path);
      expect(tested).toEqual(real);
    }
  });

  test("a written contact's segments follow from its traits", async ({ workers }) => {
    const { workspaceId, plan } = await audienceJourney(workers);
    const vip = await testRunPath(
      workers,
      workspaceId,
      { email: "ada@mailstream.test", traits: { plan: "vip" } },
      plan,
    );
    const free = await testRunPath(
      workers,
      workspaceId,
      { email: "bob@mailstream.test", traits: { plan: "free" } },
      plan,
    );
    expect(vip).toEqual(["trigger:entered", "isVip:yes", "offer:sent"]);
    expect(free).toEqual(["trigger:entered", "isVip:no", "basic:sent"]);
  });

  test("the segment sweep leaves a scratch workspace's copies alone", async ({ workers }) => {
    const { db } = workers;
    const { workspaceId, plan } = await audienceJourney(workers);
    const scratch = await createScratchRun(db, {
      sourceWorkspaceId: workspaceId,
      journeyName: "Offers",
      plan,
      contact: { sourceContactId: null, email: null, traits: { plan: "vip" } },
      workflowId: crypto.randomUUID(),
      now: new Date(),
    });
    if (!scratch) throw new Error("no scratch run");
    try {
      const swept = await findWorkspacesWithSegments(db, [workspaceId, scratch.workspaceId]);
      expect(swept).toEqual([workspaceId]);
    } finally {
      await deleteScratchWorkspace(db, scratch.workspaceId);
    }
  });
});
