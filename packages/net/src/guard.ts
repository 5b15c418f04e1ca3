// The one guarded outbound connection: every server-side request to an address a user typed
// (webhook steps, a workspace's SMTP host or Resend base URL, later the OIDC issuer) resolves
// the name once here, refuses addresses that are not public (address-policy.ts) unless the
// instance allow-list names them, and connects to exactly the address that was checked — the
// socket's `lookup` returns it, so there is no second resolution for DNS rebinding to exploit.
import { lookup as dnsLookup } from "node:dns/promises";
import { connect, isIP, type Socket } from "node:net";
import { refusalReason } from "./address-policy";
import { normaliseHost, parseOutboundAllowList, type OutboundAllowList } from "./allow-list";
import { OutboundError, OutboundRefusedError } from "./errors";
import { createRequester, type OutboundRequestInit, type OutboundResponse } from "./http-request";
import { pinnedLookup, type CheckedAddress } from "./pinned-lookup";

export type { CheckedAddress } from "./pinned-lookup";

/** Every address a name resolves to (canonical spelling); injectable so tests can play DNS. */
export type ResolveName = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundGuard {
  /** Resolves `host` once and returns its first address, or throws OutboundRefusedError. */
  check(host: string): Promise<CheckedAddress>;
  /** An HTTP(S) request through the guard: each redirect hop checked, time-out, size cap. */
  request(url: string, init?: OutboundRequestInit): Promise<OutboundResponse>;
  /** A connected TCP socket to a checked address (SMTP); TLS, if any, is the caller's. */
  openSocket(host: string, port: number, options?: { timeoutMs?: number }): Promise<Socket>;
  /** The same guard, also allowing these host names (an operator's own env settings). */
  alsoAllowing(hosts: readonly string[]): OutboundGuard;
}

export type OutboundGuardOptions = {
  /** MAILSTREAM_OUTBOUND_ALLOW: CIDRs, addresses and host names that may be private. */
  allow?: string | readonly string[] | undefined;
  resolveName?: ResolveName | undefined;
};

const systemResolve: ResolveName = (host) => dnsLookup(host, { all: true, verbatim: true });

export function createOutboundGuard(options: OutboundGuardOptions = {}): OutboundGuard {
  return buildGuard(parseOutboundAllowList(options.allow), options.resolveName ?? systemResolve);
}

function buildGuard(allow: OutboundAllowList, resolveName: ResolveName): OutboundGuard {
  async function check(rawHost: string): Promise<CheckedAddress> {
    const host = normaliseHost(rawHost);
    if (host === "") throw new OutboundError("no host to connect to", true);
    let addresses: Array<{ address: string; family: number }>;
    if (isIP(host) !== 0) {
      addresses = [{ address: host, family: isIP(host) }];
    } else {
      try {
        addresses = await resolveName(host);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A name that does not exist stays that way on a retry; a DNS time-out may not.
        throw new OutboundError(
          `could not resolve ${host} (${code ?? (error as Error).message})`,
          code === "ENOTFOUND",
          {
            cause: error,
          },
        );
      }
      if (addresses.length === 0) throw new OutboundError(`${host} has no addresses`, true);
    }
    // Every address must pass: a name answering one public and one private address would
    // otherwise reach the private one whenever the connection picked it.
    const isHostAllowed = allow.hosts.has(host);
    for (const { address, family } of addresses) {
      const reason = refusalReason(address);
      if (reason === null || isHostAllowed) continue;
      if (allow.addresses.check(address, family === 6 ? "ipv6" : "ipv4")) continue;
      throw new OutboundRefusedError(host, address, reason);
    }
    const first = addresses[0] as { address: string; family: number };
    return { host, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  const guard: OutboundGuard = {
    check,
    request: createRequester(check),
    async openSocket(host, port, socketOptions = {}) {
      const checked = await check(host);
      return new Promise<Socket>((resolve, reject) => {
        const socket = connect({ host: checked.host, port, lookup: pinnedLookup(checked) });
        socket.setTimeout(socketOptions.timeoutMs ?? 10_000, () =>
          socket.destroy(new OutboundError(`connecting to ${checked.host}:${port} timed out`, false)),
        );
        socket.once("connect", () => {
          socket.setTimeout(0);
          resolve(socket);
        });
        socket.once("error", reject);
      });
    },
    alsoAllowing(hosts) {
      const extended = new Set(allow.hosts);
      for (const host of hosts) extended.add(normaliseHost(host));
      return buildGuard({ ...allow, hosts: extended }, resolveName);
    },
  };
  return guard;
}
