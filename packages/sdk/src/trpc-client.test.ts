// The typed tRPC client against the real app router over HTTP and the real test database:
// every Segment call, dedupe by messageId, atomic batches with named issues, key auth, and keys
// made through `apiKeys.create` working with both SDK clients.
import { randomUUID } from "node:crypto";
import { testEnv } from "@mailstream/testing/test-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestTestServer } from "@mailstream/testing/ingest-test-server";
import type { TrpcTestServer } from "@mailstream/testing/ingest-trpc-test-server";
import { createMailstreamClient, createMailstreamTrpcClient, ingestIssuesOf } from "./index";

let server: TrpcTestServer;
let ingestServer: IngestTestServer;

beforeAll(async () => {
  const { startTrpcTestServer } = await import("@mailstream/testing/ingest-trpc-test-server");
  const { startIngestTestServer } = await import("@mailstream/testing/ingest-test-server");
  [server, ingestServer] = await Promise.all([
    startTrpcTestServer(testEnv().databaseUrl),
    startIngestTestServer(testEnv().databaseUrl),
  ]);
});
afterAll(() => Promise.all([server.close(), ingestServer.close()]));

describe("createMailstreamTrpcClient", () => {
  it("sends every Segment call, each stored once per messageId", async () => {
    const client = createMailstreamTrpcClient({ host: server.url, key: server.writeKey });
    const id = randomUUID();
    await client.ingest.identify.mutate({
      userId: "t-1",
      traits: { email: "t-1@mailstream.test" },
      messageId: `${id}-i`,
    });
    expect(await client.ingest.track.mutate({ userId: "t-1", event: "signed_up", messageId: `${id}-t` })).toEqual({
      messageId: `${id}-t`,
      isDuplicate: false,
    });
    expect(await client.ingest.track.mutate({ userId: "t-1", event: "signed_up", messageId: `${id}-t` })).toEqual({
      messageId: `${id}-t`,
      isDuplicate: true,
    });
    await client.ingest.page.mutate({ anonymousId: "t-anon", name: "Home" });
    await client.ingest.screen.mutate({ userId: "t-1", name: "Settings" });
    await client.ingest.group.mutate({ userId: "t-1", groupId: "acme", traits: { plan: "team" } });
    await client.ingest.alias.mutate({ userId: "t-1", previousId: "t-anon" });
    expect(
      await client.ingest.batch.mutate({
        batch: [
          { type: "track", userId: "t-1", event: "b1" },
          { type: "screen", userId: "t-1", name: "S" },
        ],
      }),
    ).toEqual({ accepted: 2, duplicates: 0 });
    const types = (await server.storedEvents()).map((e) => e.type).sort();
    expect(types).toEqual(["alias", "group", "identify", "page", "screen", "screen", "track", "track"]);
  });

  it("refuses a bad batch whole, naming each problem, and a wrong key", async () => {
    const client = createMailstreamTrpcClient({ host: server.url, key: server.writeKey });
    const before = (await server.storedEvents()).length;
    const error = await client.ingest.batch
      .mutate({
        batch: [
          { type: "track", userId: "t-2", event: "ok" },
          { type: "track", userId: "t-2", event: "" },
        ],
      })
      .catch((e: unknown) => e);
    expect(ingestIssuesOf(error).map((i) => i.path)).toEqual(["batch.1.event"]);
    expect((await server.storedEvents()).length).toBe(before);
    const stranger = createMailstreamTrpcClient({ host: server.url, key: "ms_wk_nope" });
    await expect(stranger.ingest.track.mutate({ userId: "u", event: "x" })).rejects.toMatchObject({
      message: "Unknown or revoked API key.",
    });
  });
});

describe("keys created through apiKeys.create", () => {
  it("ingest over HTTP and tRPC, act within their role, and stop when revoked", async () => {
    const admin = createMailstreamTrpcClient({ host: server.url, key: server.secretKey });
    const write = await admin.apiKeys.create.mutate({ kind: "write", name: "SDK backend" });

    // The ingest server resolves the workspace from the key alone: the events land in the tRPC server's workspace.
    const http = createMailstreamClient({ host: ingestServer.url, writeKey: write.secret, flushIntervalMs: 60_000 });
    http.track({ userId: "sdk-key-1", event: "over_http" });
    await http.close();
    const typed = createMailstreamTrpcClient({ host: server.url, key: write.secret });
    await typed.ingest.track.mutate({ userId: "sdk-key-1", event: "over_trpc" });
    const stored = (await server.storedEvents()).map((event) => event.event);
    expect(stored).toEqual(expect.arrayContaining(["over_http", "over_trpc"]));

    const secret = await admin.apiKeys.create.mutate({ kind: "secret", name: "Reporting" });
    expect(secret.role).toBe("developer");
    const reporting = createMailstreamTrpcClient({ host: server.url, key: secret.secret });
    expect(await reporting.metrics.overview.query()).toBeDefined();
    await expect(
      reporting.apiKeys.create.mutate({ kind: "secret", name: "Escalate", role: "admin" }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Your role (Developer) cannot create") });

    await admin.apiKeys.revoke.mutate({ id: write.id });
    await expect(typed.ingest.track.mutate({ userId: "sdk-key-1", event: "after_revoke" })).rejects.toMatchObject({
      message: "Unknown or revoked API key.",
    });
  });
});
