// The typed tRPC client against the real app router over HTTP and the real test database:
// every Segment call, dedupe by messageId, atomic batches with named issues, key auth.
import { randomUUID } from "node:crypto";
import { testEnv } from "@mailstream/testing/test-env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TrpcTestServer } from "@mailstream/testing/ingest-trpc-test-server";
import { createMailstreamTrpcClient, ingestIssuesOf } from "./index";

let server: TrpcTestServer;

beforeAll(async () => {
  const { startTrpcTestServer } = await import("@mailstream/testing/ingest-trpc-test-server");
  server = await startTrpcTestServer(testEnv().databaseUrl);
});
afterAll(() => server.close());

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
