// Per-workspace transport choice for the worker. The send activity already reads the
// workspace's settings row on every send; it hands the stored transport settings here and
// gets a transport object (an SMTP connection pool, a Resend client) cached per workspace and
// rebuilt only when those settings change — a save in Settings takes effect on the next send
// in every worker, with no cross-process signal. No settings = the env transport (fallback).
import type { StoredTransportSettings } from "@mailstream/db/schema";
import type { OutboundGuard } from "@mailstream/net";
import { createTransportFromSettings } from "./from-settings";
import type { EmailTransport } from "./types";

export type WorkspaceTransports = {
  transportFor(workspaceId: string, stored: StoredTransportSettings | null | undefined): EmailTransport;
  /** Drops cached transports (one workspace, or all). */
  invalidate(workspaceId?: string): void;
  readonly size: number;
};

export function createWorkspaceTransports(options: {
  fallback: EmailTransport;
  secret: string | undefined;
  /** The instance's outbound guard (MAILSTREAM_OUTBOUND_ALLOW); workspace hosts connect through it. */
  outbound: OutboundGuard;
}): WorkspaceTransports {
  const cache = new Map<string, { fingerprint: string; transport: EmailTransport }>();
  return {
    transportFor(workspaceId, stored) {
      if (!stored) {
        cache.delete(workspaceId);
        return options.fallback;
      }
      // Sealed secrets get a fresh nonce on every save, so any save changes the fingerprint.
      const fingerprint = JSON.stringify(stored);
      const cached = cache.get(workspaceId);
      if (cached?.fingerprint === fingerprint) return cached.transport;
      const transport = createTransportFromSettings(stored, options.secret, options.outbound);
      cache.set(workspaceId, { fingerprint, transport });
      return transport;
    },
    invalidate(workspaceId) {
      if (workspaceId === undefined) cache.clear();
      else cache.delete(workspaceId);
    },
    get size() {
      return cache.size;
    },
  };
}
