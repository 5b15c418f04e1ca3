// getTemporalClient: one lazily connected Connection per address, one Client per namespace,
// usable against the real dev server.
import { afterAll, describe, expect, it } from "vitest";
import { testEnv } from "@mailstream/testing/test-env";
import { closeTemporalClients, getTemporalClient } from "./client";

afterAll(async () => {
  await closeTemporalClients();
});

describe("getTemporalClient", () => {
  it("reuses one connection per address and one client per namespace", async () => {
    const { temporalAddress: address } = testEnv();
    const client = getTemporalClient({ address, namespace: "default" });
    expect(getTemporalClient({ address, namespace: "default" })).toBe(client);
    const other = getTemporalClient({ address, namespace: "other" });
    expect(other).not.toBe(client);
    expect(other.connection).toBe(client.connection);

    // Connects on first use.
    const info = await client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toBeTruthy();
  });

  it("starts fresh after closeTemporalClients", async () => {
    const { temporalAddress: address } = testEnv();
    const before = getTemporalClient({ address, namespace: "default" });
    await closeTemporalClients();
    const after = getTemporalClient({ address, namespace: "default" });
    expect(after).not.toBe(before);
    await expect(after.workflowService.getSystemInfo({})).resolves.toBeTruthy();
  });
});
