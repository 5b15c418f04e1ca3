// Single sign-on wiring for a web process: the better-auth SSO plugin's options (packages/auth)
// bound to this instance's database, MAILSTREAM_SECRET (the sealed client secret) and outbound
// guard — every request to the issuer (discovery, JWKS, token, userinfo) goes through the guard,
// so an issuer on a private address is refused unless MAILSTREAM_OUTBOUND_ALLOW names it.
import type { Db } from "@mailstream/db/client";
import { clientAddress } from "@mailstream/auth/client-address";
import type { SsoOptions } from "@mailstream/auth/sso";
import { joinWorkspacesByDomain } from "@mailstream/core/sso/domain-rules";
import { getSsoSettings, loadSsoProvider } from "@mailstream/core/sso/sso-settings";
import { recordSsoRefusal } from "@mailstream/core/sso/sso-refusals";
import { log } from "@mailstream/log";
import type { OutboundGuard } from "@mailstream/net";

export interface SsoDeps {
  db: Db;
  secret: string | undefined;
  outbound: OutboundGuard;
  /** MAILSTREAM_TRUST_PROXY (auth/client-address.ts). */
  trustedProxies?: number | undefined;
}

export function createSsoOptions(deps: SsoDeps): SsoOptions {
  const addressOf = (headers: Headers | undefined) => clientAddress(headers, deps.trustedProxies ?? 0);
  return {
    loadProvider: () => loadSsoProvider(deps.db, deps.secret),
    request: (url, init) => deps.outbound.request(url, { ...init, timeoutMs: 10_000 }),
    onFirstSignIn: async (user, headers) => {
      await joinWorkspacesByDomain(deps.db, user, addressOf(headers));
    },
    onRefused: async (refusal, headers) => {
      // The reason may quote the provider; it never holds a token or the client secret.
      log.warn("sso sign-in refused", { code: refusal.code, reason: refusal.reason });
      await recordSsoRefusal(deps.db, { ...refusal, sourceAddress: addressOf(headers) });
    },
  };
}

/** Whether the sign-in page offers "Sign in with SSO". */
export async function isSsoEnabled(db: Db): Promise<boolean> {
  const settings = await getSsoSettings(db);
  return settings.enabled && settings.hasClientSecret;
}
