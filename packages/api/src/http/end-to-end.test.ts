// The whole path of one event against the real stack: HTTP identify + track → events
// outbox → dispatcher (LISTEN/poll) → Temporal journeyRun on real workers → two emails
// in `messages` (the outbox transport) → read back through the public messages API.
// Workers and runs use task queues unique to this file so parallel files never share tasks.
import { randomUUID } from "node:crypto";
import { createDb } from "@mailstream/db/client";
import { journeyRuns } from "@mailstream/db/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { journeyWorkersTest, startDispatcher } from "@mailstream/testing/journey-workers";
import { handleContactSection } from "./contacts";
import { handleIdentify } from "./identify";
import { handleTrack } from "./track";
import {
  basicAuth,
  buildLinearGraph,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  postJson,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";

const env = testEnv();
const { db } = createDb(env.databaseUrl);

journeyWorkersTest.override({ journeyWorkersOptions: { label: "e2e", quietRuntime: true } });

interface ApiMessage {
  id: string;
  journeyId: string;
  nodeId: string;
  subject: string;
  to: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
  headers: Record<string, string>;
}

async function contactMessages(secretKey: string, userId: string): Promise<ApiMessage[] | null> {
  const res = await handleContactSection(
    new Request(`http://127.0.0.1/api/v1/contacts/${userId}/messages`, {
      headers: { authorization: `Bearer ${secretKey}` },
    }),
    { db },
    { userId },
    "messages",
  );
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: ApiMessage[] }).data;
}

describe("event → journey → emails", () => {
  journeyWorkersTest("sends both emails of trigger → email → wait 1 s → email → exit", async ({ stack }) => {
    const { workspaceId, writeKey, secretKey } = await createWorkspaceWithKeys(db);
    const dispatcher = await startDispatcher(stack, workspaceId);
    try {
      const welcome = await createTemplateFixture(
        db,
        workspaceId,
        "Welcome",
        'Welcome, {{ contact.first_name | default: "there" }}!',
      );
      const next = await createTemplateFixture(
        db,
        workspaceId,
        "Next steps",
        "Next steps for {{ contact.first_name }}",
      );
      const graph = buildLinearGraph("signed_up", [
        { kind: "email", templateId: welcome },
        { kind: "wait", seconds: 1 },
        { kind: "email", templateId: next },
        { kind: "exit" },
      ]);
      const journey = await createLiveJourney(db, workspaceId, "Onboarding", graph);

      const userId = `user-${randomUUID().slice(0, 8)}`;
      const address = `${userId}@mailstream.test`;
      const auth = { authorization: basicAuth(writeKey) };
      const identified = await handleIdentify(
        postJson("/api/v1/identify", { userId, traits: { first_name: "Ada" } }, auth),
        { db },
      );
      expect(identified.status).toBe(200);
      const tracked = await handleTrack(
        postJson(
          "/api/v1/track",
          { userId, event: "signed_up", properties: { plan: "pro" }, context: { traits: { email: address } } },
          auth,
        ),
        { db },
      );
      expect(tracked.status).toBe(200);

      const messages = await waitFor(
        "two sent emails",
        async () => {
          const found = await contactMessages(secretKey, userId);
          return found && found.length === 2 && found.every((message) => message.status === "sent") ? found : null;
        },
        45_000,
      );
      // Newest first.
      const [second, first] = messages as [ApiMessage, ApiMessage];
      expect(first).toMatchObject({
        journeyId: journey.journeyId,
        nodeId: "email-1",
        subject: "Welcome, Ada!",
        to: address,
        status: "sent",
      });
      expect(second).toMatchObject({
        journeyId: journey.journeyId,
        nodeId: "email-3",
        subject: "Next steps for Ada",
        to: address,
      });
      expect(typeof first.headers).toBe("object");
      // The durable wait sits between the two sends.
      expect(Date.parse(second.sentAt!) - Date.parse(first.sentAt!)).toBeGreaterThanOrEqual(1_000);

      const run = await waitFor("the run to complete", async () => {
        const [row] = await db.select().from(journeyRuns).where(eq(journeyRuns.journeyId, journey.journeyId));
        return row?.status === "completed" ? row : null;
      });
      expect(run.endedAt).not.toBeNull();
    } finally {
      await dispatcher.stop();
    }
  });
});
