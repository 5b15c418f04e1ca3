// Message events feed journeys, end to end on the real stack: HTTP track → dispatcher →
// journeyRun on real workers → the first email goes out through the WORKSPACE's SMTP transport
// (Settings, sealed password) to a local smtp-server → the recipient's client fetches the open
// pixel URL from that email → `opened` lands in message_events linked to the run's email node →
// the branch "opened the previous email" takes `yes` and sends the follow-up; a contact who
// never opens takes `no`.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { journeyWorkersTest, startDispatcher } from "@mailstream/testing/journey-workers";
import { createDb } from "@mailstream/db/client";
import { createTopic } from "@mailstream/db/queries/subscription-topics";
import { journeyRuns, messageEvents, messages, runSteps } from "@mailstream/db/schema";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { handleOpenPixel } from "./tracking";
import { handleTrack } from "./track";
import {
  basicAuth,
  createLiveJourney,
  createTemplateFixture,
  createWorkspaceWithKeys,
  postJson,
  waitFor,
} from "@mailstream/testing/workspace-fixtures";
import { saveTransport } from "@mailstream/core/settings/settings";
import { extractToken, TEST_PUBLIC_URL } from "@mailstream/testing/tracking-fixtures";

const SECRET = "engagement-branch-secret-0123456789";
const env = testEnv();
const { db } = createDb(env.databaseUrl);
const suffix = randomUUID().slice(0, 8);
const delivered: { to: string; mime: string }[] = [];

journeyWorkersTest.override({ journeyWorkersOptions: { label: "eng", quietRuntime: true, secret: SECRET } });

// The local SMTP server the workspace's transport delivers to (the workers come from the fixture).
let smtp: SMTPServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "journeys" && auth.password === "smtp-pass-1")
        return callback(null, { user: auth.username });
      callback(new Error("bad credentials"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        delivered.push({ to: session.envelope.rcptTo[0]?.address ?? "", mime: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const at = (y: number) => ({ x: 250, y: y * 150 });

/** trigger → email-1 (topic) → wait 4 s → branch "opened email-1" → yes: email-4 → exit-5 / no: exit-6. */
function buildGraph(firstTemplate: string, followUp: string, topicId: string): JourneyGraph {
  return {
    nodes: [
      { id: "trigger", position: at(0), data: { kind: "trigger", event: "browsed", filters: [] } },
      { id: "email-1", position: at(1), data: { kind: "email", templateId: firstTemplate, topicId } },
      { id: "wait-2", position: at(2), data: { kind: "wait", duration: { amount: 4, unit: "seconds" } } },
      {
        id: "branch-3",
        position: at(3),
        data: {
          kind: "branch",
          condition: {
            match: "all",
            groups: [{ match: "all", predicates: [{ type: "email_engagement", nodeId: "email-1", action: "opened" }] }],
          },
        },
      },
      { id: "email-4", position: at(4), data: { kind: "email", templateId: followUp } },
      { id: "exit-5", position: at(5), data: { kind: "exit" } },
      { id: "exit-6", position: { x: 500, y: 600 }, data: { kind: "exit" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "email-1", sourceHandle: null },
      { id: "e2", source: "email-1", target: "wait-2", sourceHandle: null },
      { id: "e3", source: "wait-2", target: "branch-3", sourceHandle: null },
      { id: "e4", source: "branch-3", target: "email-4", sourceHandle: "yes" },
      { id: "e5", source: "branch-3", target: "exit-6", sourceHandle: "no" },
      { id: "e6", source: "email-4", target: "exit-5", sourceHandle: null },
    ],
  };
}

/** Points the workspace's email transport at the local SMTP server. */
async function useLocalSmtp(workspaceId: string) {
  await saveTransport(db, SECRET, workspaceId, {
    kind: "smtp",
    host: "127.0.0.1",
    port: (smtp.server.address() as AddressInfo).port,
    secure: false,
    user: "journeys",
    password: "smtp-pass-1",
  });
}

async function track(writeKey: string, userId: string) {
  const address = `${userId}@mailstream.test`;
  const res = await handleTrack(
    postJson(
      "/api/v1/track",
      { userId, event: "browsed", properties: {}, context: { traits: { email: address } } },
      { authorization: basicAuth(writeKey) },
    ),
    { db },
  );
  expect(res.status).toBe(200);
  return address;
}

async function completedRun(journeyId: string, address: string) {
  return waitFor(
    `the run of ${address} to complete`,
    async () => {
      const rows = await db
        .select({ runId: journeyRuns.id, status: journeyRuns.status })
        .from(journeyRuns)
        .innerJoin(messages, eq(messages.runId, journeyRuns.id))
        .where(and(eq(journeyRuns.journeyId, journeyId), eq(messages.toAddress, address)));
      const run = rows[0];
      return run && run.status === "completed" ? run : null;
    },
    45_000,
  );
}

describe("open pixel → branch on 'opened the previous email'", () => {
  journeyWorkersTest(
    "takes yes for the contact who opened (via the workspace SMTP transport) and no for the one who did not",
    async ({ stack }) => {
      const { workspaceId, writeKey } = await createWorkspaceWithKeys(db);
      await useLocalSmtp(workspaceId);
      const dispatcher = await startDispatcher(stack, workspaceId);
      try {
        const topic = await createTopic(db, workspaceId, {
          name: "Browse reminders",
          description: "",
          defaultMode: "opt_out",
        });
        const first = await createTemplateFixture(db, workspaceId, "Still looking?", "Still looking?");
        const followUp = await createTemplateFixture(db, workspaceId, "Glad you liked it", "Glad you liked it");
        const journey = await createLiveJourney(
          db,
          workspaceId,
          "Browse follow-up",
          buildGraph(first, followUp, topic.id),
        );

        const opener = await track(writeKey, `opener-${suffix}`);
        const ignorer = await track(writeKey, `ignorer-${suffix}`);
        const mail = await waitFor("email-1 at the SMTP server", async () =>
          delivered.find((entry) => entry.to === opener),
        );
        expect(mail.mime).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        // The recipient's mail client loads the pixel: the URL is in the delivered MIME (quoted-printable soft breaks removed).
        const openToken = extractToken(mail.mime.replace(/=\r?\n/g, "").replace(/=3D/g, "="), "/t/o/");
        expect((await handleOpenPixel({ db, secret: SECRET, publicUrl: TEST_PUBLIC_URL }, openToken)).status).toBe(200);

        const openerRun = await completedRun(journey.journeyId, opener);
        const ignorerRun = await completedRun(journey.journeyId, ignorer);
        const [opened] = await db
          .select({
            runId: messages.runId,
            nodeId: messages.nodeId,
            type: messageEvents.type,
            transport: messages.transport,
          })
          .from(messageEvents)
          .innerJoin(messages, eq(messages.id, messageEvents.messageId))
          .where(and(eq(messages.runId, openerRun.runId), eq(messageEvents.type, "opened")));
        expect(opened).toEqual({ runId: openerRun.runId, nodeId: "email-1", type: "opened", transport: "smtp" });

        const branchOf = async (runId: string) =>
          (
            await db
              .select()
              .from(runSteps)
              .where(and(eq(runSteps.runId, runId), eq(runSteps.nodeId, "branch-3")))
          )[0]?.outcome;
        expect(await branchOf(openerRun.runId)).toBe("yes");
        expect(await branchOf(ignorerRun.runId)).toBe("no");
        await waitFor("the follow-up at the SMTP server", async () =>
          delivered.find((entry) => entry.to === opener && entry.mime.includes("Glad you liked it")),
        );
        expect(delivered.filter((entry) => entry.to === ignorer)).toHaveLength(1);
      } finally {
        await dispatcher.stop();
      }
    },
  );
});
