// The OpenID Connect relying party for single sign-on: discovery, the authorization URL (state,
// nonce, PKCE S256), the code exchange and the ID token check. Every request to the issuer goes
// through `request`, which the web app binds to the outbound guard (@mailstream/net), so an
// issuer on a private address is refused unless MAILSTREAM_OUTBOUND_ALLOW names it. The ID token
// is verified with jose against the issuer's JWKS (signature, `iss`, `aud`, `exp`, `nonce`).
import { createHash } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";

/** The provider an instance owner configured, read from the database on each sign-in. */
export interface SsoProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** One HTTP request to the issuer (the web app passes the outbound guard's `request`). */
export type SsoRequest = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<{ status: number; body: Buffer }>;

export interface OidcDiscovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
}

/** The claims a verified ID token carries that sign-in uses. */
export interface SsoIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** A refusal with a code for the sign-in page (`?error=`) and a reason for the security log. */
export class SsoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SsoError";
  }
}

async function getJson(request: SsoRequest, url: string, init?: Parameters<SsoRequest>[1]): Promise<unknown> {
  const response = await request(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body.toString("utf8"));
  } catch {
    throw new SsoError("sso_provider_error", `${new URL(url).origin} answered ${response.status} without JSON`);
  }
  if (response.status >= 400) {
    const error = (parsed as { error?: unknown } | null)?.error;
    throw new SsoError(
      "sso_provider_error",
      `${new URL(url).pathname} answered ${response.status}${typeof error === "string" ? ` (${error})` : ""}`,
    );
  }
  return parsed;
}

function isHttpsOrLocal(value: unknown, issuer: string): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    // The endpoints must use the issuer's scheme: an https issuer never sends a code over http.
    return url.protocol === new URL(issuer).protocol;
  } catch {
    return false;
  }
}

/** `<issuer>/.well-known/openid-configuration`, whose `issuer` must be the configured one exactly. */
export async function discover(request: SsoRequest, issuer: string): Promise<OidcDiscovery> {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const document = (await getJson(request, url)) as Partial<OidcDiscovery> | null;
  if (document?.issuer !== issuer)
    throw new SsoError("sso_provider_error", `the discovery document names issuer ${String(document?.issuer)}`);
  for (const field of ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const) {
    if (!isHttpsOrLocal(document[field], issuer))
      throw new SsoError("sso_provider_error", `the discovery document has no usable ${field}`);
  }
  return document as OidcDiscovery;
}

/** RFC 7636 S256: the challenge sent now for the verifier kept in the state. */
export function pkceChallenge(codeVerifier: string): string {
  return createHash("sha256").update(codeVerifier).digest("base64url");
}

export function authorizationUrl(
  discovery: OidcDiscovery,
  provider: SsoProvider,
  params: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
): string {
  const url = new URL(discovery.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", provider.clientId);
  url.searchParams.set("redirect_uri", params.redirectUri);
  url.searchParams.set("scope", provider.scopes.join(" "));
  url.searchParams.set("state", params.state);
  url.searchParams.set("nonce", params.nonce);
  url.searchParams.set("code_challenge", pkceChallenge(params.codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

/** The code for tokens (client_secret_basic, as Okta, Google, Keycloak and Entra accept it). */
export async function exchangeCode(
  request: SsoRequest,
  discovery: OidcDiscovery,
  provider: SsoProvider,
  params: { code: string; redirectUri: string; codeVerifier: string },
): Promise<{ idToken: string; accessToken: string | null }> {
  const basic = Buffer.from(
    `${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`,
  ).toString("base64");
  const tokens = (await getJson(request, discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.code,
      redirect_uri: params.redirectUri,
      code_verifier: params.codeVerifier,
    }).toString(),
  })) as { id_token?: unknown; access_token?: unknown } | null;
  if (typeof tokens?.id_token !== "string")
    throw new SsoError("sso_provider_error", "the token endpoint returned no ID token (is `openid` in the scopes?)");
  return {
    idToken: tokens.id_token,
    accessToken: typeof tokens.access_token === "string" ? tokens.access_token : null,
  };
}

/** Signature against the issuer's JWKS, issuer, audience (our client id), expiry and nonce. */
export async function verifyIdToken(
  request: SsoRequest,
  discovery: OidcDiscovery,
  provider: SsoProvider,
  idToken: string,
  expectedNonce: string,
): Promise<SsoIdentity> {
  const jwks = (await getJson(request, discovery.jwks_uri)) as JSONWebKeySet;
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(idToken, createLocalJWKSet(jwks), {
      issuer: provider.issuer,
      audience: provider.clientId,
      clockTolerance: 30,
    });
    claims = verified.payload;
  } catch (error) {
    throw new SsoError("sso_invalid_token", `the ID token was refused: ${(error as Error).message}`);
  }
  if (claims.nonce !== expectedNonce) throw new SsoError("sso_invalid_token", "the ID token's nonce does not match");
  // With several audiences, the token must have been issued to us (OIDC Core 3.1.3.7).
  if (Array.isArray(claims.aud) && claims.aud.length > 1 && claims.azp !== provider.clientId)
    throw new SsoError("sso_invalid_token", "the ID token was issued to another client (azp)");
  if (typeof claims.sub !== "string" || claims.sub === "")
    throw new SsoError("sso_invalid_token", "the ID token has no subject");
  return {
    subject: claims.sub,
    email: typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null,
    emailVerified: claims.email_verified === true || claims.email_verified === "true",
    name: typeof claims.name === "string" ? claims.name : null,
  };
}

/** Fills email and name from the userinfo endpoint when the ID token leaves them out (Okta does). */
export async function completeFromUserInfo(
  request: SsoRequest,
  discovery: OidcDiscovery,
  identity: SsoIdentity,
  accessToken: string | null,
): Promise<SsoIdentity> {
  if (identity.email || !discovery.userinfo_endpoint || !accessToken) return identity;
  const info = (await getJson(request, discovery.userinfo_endpoint, {
    headers: { authorization: `Bearer ${accessToken}` },
  })) as Record<string, unknown> | null;
  // The userinfo answer must be about the same person (OIDC Core 5.3.2).
  if (info?.sub !== identity.subject) throw new SsoError("sso_invalid_token", "userinfo names another subject");
  return {
    ...identity,
    email: typeof info.email === "string" ? info.email.trim().toLowerCase() : null,
    emailVerified: info.email_verified === true || info.email_verified === "true",
    name: identity.name ?? (typeof info.name === "string" ? info.name : null),
  };
}
