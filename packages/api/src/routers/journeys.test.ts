// The journeys router over the real test database: create, save a draft, publish (issues
// naming nodes, versions 1 then 2, the dispatcher's NOTIFY), and workspace isolation.
import { JOURNEYS_CHANNEL } from "@mailstream/db/queries/journeys";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { testEnv } from "@mailstream/testing/test-env";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import pg from "pg";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { GraphIssuesError } from "@mailstream/core/journeys/graph-issues-error";
import { buildLinearGraph, createTemplateFixture } from "@mailstream/testing/workspace-fixtures";
import { createContextFactory } from "../trpc";
import { appRouter } from "./root";
import {
  callerWithAuth,
  catchTRPCError,
  createWorkspaceCaller,
  testDb,
  testDeps,
} from "@mailstream/testing/test-caller";

const db = testDb();

/** trigger → email (no template) with a dangling exit: three problems, each on a node. */
function brokenGraph(): JourneyGraph {
  return {
    nodes: [
      { id: "trigger", position: { x: 0, y: 0 }, data: { kind: "trigger", event: "signed_up", filters: [] } },
      { id: "email-1", position: { x: 0, y: 150 }, data: { kind: "email", templateId: null } },
      { id: "exit-lonely", position: { x: 300, y: 150 }, data: { kind: "exit" } },
    ],
    edges: [{ id: "e1", source: "trigger", target: "email-1", sourceHandle: null }],
  };
}

describe("journeys router", () => {
  it("creates a journey with just a trigger and lists it as a draft", async () => {
    const { caller } = await createWorkspaceCaller();
    const created = await caller.journeys.create({ name: "  Onboarding  " });
    expect(created.name).toBe("Onboarding");
    expect(created.status).toBe("draft");
    expect(created.draft.nodes.map((n) => n.data.kind)).toEqual(["trigger"]);

    const list = await caller.journeys.list();
    expect(list).toEqual([
      expect.objectContaining({
        id: created.id,
        name: "Onboarding",
        status: "draft",
        liveVersion: null,
        runsEntered: 0,
        runsActive: 0,
      }),
    ]);
  });

  it("saves an incomplete draft and reports what publishing would reject", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id } = await caller.journeys.create({ name: "Draft" });
    const saved = await caller.journeys.saveDraft({ journeyId: id, graph: brokenGraph() });
    expect(saved.issues.map((issue) => issue.nodeId)).toEqual(expect.arrayContaining(["email-1", "exit-lonely"]));
    const reloaded = await caller.journeys.byId({ journeyId: id });
    expect(reloaded.draft).toEqual(brokenGraph());
    expect(reloaded.status).toBe("draft");
  });

  it("refuses to publish a bad graph with issues naming the nodes, and writes no version", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id } = await caller.journeys.create({ name: "Broken" });
    const error = await catchTRPCError(() => caller.journeys.publish({ journeyId: id, graph: brokenGraph() }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(GraphIssuesError);
    const issues = (error.cause as GraphIssuesError).graphIssues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: "email-1", code: "email_missing_template" }),
        expect.objectContaining({ nodeId: "exit-lonely" }),
      ]),
    );
    expect(error.message).toMatch(/cannot be published/);

    const journey = await caller.journeys.byId({ journeyId: id });
    expect(journey.versions).toEqual([]);
    expect(journey.status).toBe("draft");
    // The drawing is kept as the draft so the editor does not lose it.
    expect(journey.draft).toEqual(brokenGraph());
  });

  it("names the node whose fields do not parse, on save and on publish (parse.ts)", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id } = await caller.journeys.create({ name: "Malformed" });
    const graph = buildLinearGraph("x", [{ kind: "exit" }]);
    const malformed = {
      ...graph,
      nodes: graph.nodes.map((node) =>
        node.id === "trigger" ? { ...node, position: { ...node.position, x: "left" } } : node,
      ),
    };
    for (const call of [
      () => caller.journeys.saveDraft({ journeyId: id, graph: malformed as never }),
      () => caller.journeys.publish({ journeyId: id, graph: malformed as never }),
    ]) {
      const error = await catchTRPCError(call);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.cause).toBeInstanceOf(GraphIssuesError);
      expect((error.cause as GraphIssuesError).graphIssues).toEqual([
        expect.objectContaining({
          nodeId: "trigger",
          code: "invalid_shape",
          message: expect.stringMatching(/^Node "trigger" position\.x/),
        }),
      ]);
    }
    // Nothing was written: the draft is still the empty graph the journey was created with.
    expect((await caller.journeys.byId({ journeyId: id })).draft.nodes.map((node) => node.id)).toEqual(["trigger"]);
  });

  it("rejects an email node whose template belongs to another workspace", async () => {
    const { caller } = await createWorkspaceCaller();
    const other = await createWorkspaceCaller();
    const foreignTemplate = await createTemplateFixture(db, other.workspace.workspaceId, "Theirs", "Hi");
    const { id } = await caller.journeys.create({ name: "Foreign template" });
    const graph = buildLinearGraph("x", [{ kind: "email", templateId: foreignTemplate }, { kind: "exit" }]);
    const error = await catchTRPCError(() => caller.journeys.publish({ journeyId: id, graph }));
    expect((error.cause as GraphIssuesError).graphIssues).toEqual([
      expect.objectContaining({ nodeId: "email-1", code: "unknown_template" }),
    ]);
  });

  it("publishes versions 1 then 2, makes the latest live and notifies the dispatcher", async () => {
    const { caller, workspace } = await createWorkspaceCaller();
    const templateId = await createTemplateFixture(db, workspace.workspaceId, "Welcome", "Welcome!");
    const { id } = await caller.journeys.create({ name: "Welcome" });

    const listener = new pg.Client({ connectionString: testEnv().databaseUrl });
    await listener.connect();
    const notified: string[] = [];
    listener.on("notification", (n) => {
      if (n.channel === JOURNEYS_CHANNEL && n.payload) notified.push(n.payload);
    });
    await listener.query(`LISTEN ${JOURNEYS_CHANNEL}`);
    try {
      const first = await caller.journeys.publish({
        journeyId: id,
        graph: buildLinearGraph("signed_up", [{ kind: "email", templateId }, { kind: "exit" }]),
      });
      expect(first.version).toBe(1);

      // Second publish from the saved draft (no graph passed), after an edit.
      await caller.journeys.saveDraft({
        journeyId: id,
        graph: buildLinearGraph("signed_up", [
          { kind: "email", templateId },
          { kind: "wait", seconds: 60 },
          { kind: "exit" },
        ]),
      });
      const second = await caller.journeys.publish({ journeyId: id });
      expect(second.version).toBe(2);

      const journey = await caller.journeys.byId({ journeyId: id });
      expect(journey.status).toBe("live");
      expect(journey.liveVersionId).toBe(second.versionId);
      expect(journey.liveVersion).toBe(2);
      expect(journey.versions.map((v) => v.version)).toEqual([2, 1]);
      expect(journey.liveGraph?.nodes.map((n) => n.id)).toEqual(["trigger", "email-1", "wait-2", "exit-3"]);

      const [summary] = await caller.journeys.list();
      expect(summary).toMatchObject({ id, status: "live", liveVersion: 2 });

      await expect.poll(() => notified.filter((payload) => payload === id).length).toBe(2);
    } finally {
      await listener.end();
    }
  });

  it("gives concurrent publishes distinct consecutive versions", async () => {
    const { caller, workspace } = await createWorkspaceCaller();
    const templateId = await createTemplateFixture(db, workspace.workspaceId, "T", "S");
    const { id } = await caller.journeys.create({ name: "Race" });
    const graph = buildLinearGraph("go", [{ kind: "email", templateId }, { kind: "exit" }]);
    const results = await Promise.all([1, 2, 3].map(() => caller.journeys.publish({ journeyId: id, graph })));
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
  });

  it("hides other workspaces' journeys and names a missing one", async () => {
    const mine = await createWorkspaceCaller();
    const theirs = await createWorkspaceCaller();
    const { id } = await theirs.caller.journeys.create({ name: "Private" });
    await expect(mine.caller.journeys.byId({ journeyId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mine.caller.journeys.publish({ journeyId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await mine.caller.journeys.list()).toEqual([]);
  });

  it("authenticates typed clients by secret key only", async () => {
    const { workspace } = await createWorkspaceCaller();
    await expect(callerWithAuth(`Bearer ${workspace.writeKey}`).journeys.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(callerWithAuth("Bearer ms_sk_notarealkey").journeys.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    await expect(callerWithAuth(`Bearer ${workspace.secretKey}`).journeys.list()).resolves.toEqual([]);
  });

  it("sends the graph issues to HTTP clients in the error data", async () => {
    const { caller, workspace } = await createWorkspaceCaller();
    const { id } = await caller.journeys.create({ name: "Over HTTP" });
    const createContext = createContextFactory(testDeps());
    const req = new Request("http://localhost/api/trpc/journeys.publish", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${workspace.secretKey}` },
      body: JSON.stringify(superjson.serialize({ journeyId: id, graph: brokenGraph() })),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => createContext({ headers: req.headers }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { graphIssues: { nodeId: string }[] } } } };
    const nodeIds = body.error.json.data.graphIssues.map((issue) => issue.nodeId);
    expect(nodeIds).toEqual(expect.arrayContaining(["email-1", "exit-lonely"]));
  });
});
