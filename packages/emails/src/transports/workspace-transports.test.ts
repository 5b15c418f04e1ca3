// The per-workspace transport cache: env fallback, reuse while settings are unchanged,
// rebuild on change, and a clear error when the secret cannot open the credentials.
import { describe, expect, it } from "vitest";
import type { StoredTransportSettings } from "@mailstream/db/schema";
import { createOutboundGuard } from "@mailstream/net";
import { createOutboxTransport } from "./outbox";
import { sealSecret } from "./secret-box";
import { createWorkspaceTransports } from "./workspace-transports";

const SECRET = "workspace-transports-secret-0123";
const outbound = createOutboundGuard();

describe("workspace transports", () => {
  it("falls back to the env transport and caches per settings fingerprint", () => {
    const fallback = createOutboxTransport();
    const transports = createWorkspaceTransports({ fallback, secret: SECRET, outbound });
    expect(transports.transportFor("ws-1", null)).toBe(fallback);
    const smtp: StoredTransportSettings = {
      kind: "smtp",
      host: "127.0.0.1",
      port: 2525,
      secure: false,
      user: "u",
      password: sealSecret(SECRET, "p"),
    };
    const first = transports.transportFor("ws-1", smtp);
    expect(first.name).toBe("smtp");
    expect(transports.transportFor("ws-1", { ...smtp })).toBe(first);
    const changed = transports.transportFor("ws-1", { ...smtp, port: 2526 });
    expect(changed).not.toBe(first);
    const resend = transports.transportFor("ws-1", {
      kind: "resend",
      apiKey: sealSecret(SECRET, "re_x"),
      baseUrl: null,
    });
    expect(resend.name).toBe("resend");
    expect(transports.size).toBe(1);
    expect(transports.transportFor("ws-1", undefined)).toBe(fallback); // settings cleared → env transport again
    expect(transports.size).toBe(0);
  });

  it("names the problem when credentials cannot be opened", () => {
    const transports = createWorkspaceTransports({
      fallback: createOutboxTransport(),
      secret: "a-different-secret-0123456",
      outbound,
    });
    const stored: StoredTransportSettings = { kind: "resend", apiKey: sealSecret(SECRET, "re_x"), baseUrl: null };
    expect(() => transports.transportFor("ws-2", stored)).toThrow(/MAILSTREAM_SECRET differs/);
    const noSecret = createWorkspaceTransports({ fallback: createOutboxTransport(), secret: undefined, outbound });
    expect(() => noSecret.transportFor("ws-2", stored)).toThrow(/MAILSTREAM_SECRET is not set/);
  });
});
