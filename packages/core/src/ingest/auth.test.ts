// API key authentication over the real database, including the short-lived key cache:
// a known key is served from memory, a revoked one fails once the cache is cleared (or
// after its TTL), and an unknown key is never cached.
import { createDb } from "@mailstream/db/client";
import { listApiKeys, revokeApiKey } from "@mailstream/db/queries/api-keys";
import { testEnv } from "@mailstream/testing/test-env";
import { describe, expect, it } from "vitest";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { authenticateApiKey, clearApiKeyCache } from "./auth";

const { db } = createDb(testEnv().databaseUrl);

describe("authenticateApiKey", () => {
  it("caches known keys for a few seconds; revocation applies once the cache is cleared", async () => {
    const ws = await createWorkspaceWithKeys(db);
    expect(await authenticateApiKey(db, ws.writeKey, "write-or-secret")).toEqual({
      ok: true,
      keyId: expect.any(String),
      keyPrefix: ws.writeKey.slice(0, 10),
      workspaceId: ws.workspaceId,
      kind: "write",
      role: "developer",
    });
    expect(await authenticateApiKey(db, ws.writeKey, "secret")).toMatchObject({
      ok: false,
      error: expect.stringContaining("secret key"),
    });
    const row = (await listApiKeys(db, ws.workspaceId)).find((key) => key.kind === "write");
    await revokeApiKey(db, ws.workspaceId, row!.id);
    // Within the TTL the cached answer stands (documented: revocation takes up to 5 s per process).
    expect((await authenticateApiKey(db, ws.writeKey, "write-or-secret")).ok).toBe(true);
    clearApiKeyCache();
    expect(await authenticateApiKey(db, ws.writeKey, "write-or-secret")).toEqual({
      ok: false,
      error: "Unknown or revoked API key.",
    });
  });

  it("does not cache unknown keys, so a key created afterwards works at once", async () => {
    expect((await authenticateApiKey(db, "ms_wk_doesnotexist", "write-or-secret")).ok).toBe(false);
    const ws = await createWorkspaceWithKeys(db);
    expect((await authenticateApiKey(db, ws.secretKey, "secret")).ok).toBe(true);
  });
});
