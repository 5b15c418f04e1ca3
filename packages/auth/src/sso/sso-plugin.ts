// Single sign-on as a better-auth plugin: `POST /api/auth/sign-in/sso` starts the OIDC
// authorization-code flow and `GET /api/auth/sso/callback` finishes it. The provider is read
// from the database on every request (an instance owner changes it without a restart). State,
// PKCE verifier and nonce are better-auth's own state (a verification row bound to a signed
// cookie), so a tampered or replayed `state` is refused by the library; the ID token is checked
// in oidc-client.ts. Users, accounts and sessions are better-auth's: an SSO identity links to an
// existing account only when the provider says the email is verified (and the account's own
// email is verified), otherwise sign-in is refused with a message on the sign-in page.
import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { generateState, handleOAuthUserInfo, parseState } from "better-auth/oauth2";
import { randomBytes } from "node:crypto";
import * as z from "zod";
import {
  authorizationUrl,
  completeFromUserInfo,
  discover,
  exchangeCode,
  SsoError,
  verifyIdToken,
  type SsoProvider,
  type SsoRequest,
} from "./oidc-client";

/** better-auth's provider id for SSO accounts (the `accounts.provider_id` column). */
export const SSO_PROVIDER_ID = "sso";
export const SSO_CALLBACK_PATH = "/sso/callback";

export interface SsoOptions {
  /** The enabled provider, or null when single sign-on is off or not configured. */
  loadProvider: () => Promise<SsoProvider | null>;
  /** Every request to the issuer: the outbound guard. */
  request: SsoRequest;
  /** A person's first SSO sign-in (their SSO link was just made): apply the domain rules. */
  onFirstSignIn: (user: { userId: string; email: string }, headers: Headers | undefined) => Promise<void>;
  /** A sign-in refused after the provider answered (the instance security log). */
  onRefused: (
    refusal: { code: string; reason: string; email: string | null },
    headers: Headers | undefined,
  ) => Promise<void>;
}

/** Where a signed-in person goes: a path of this site only (never `//host`). */
const ZLocalPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])/, "must be a path on this site");

const callbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(4096).optional(),
  error: z.string().max(200).optional(),
  iss: z.string().max(2000).optional(),
});

/** Not a person's data: which issuer refused, for the log line (the provider's own words). */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ssoPlugin(options: SsoOptions) {
  return {
    id: "mailstream-sso",
    endpoints: {
      signInSso: createAuthEndpoint(
        "/sign-in/sso",
        { method: "POST", body: z.object({ callbackURL: ZLocalPath.optional() }) },
        async (ctx) => {
          const provider = await options.loadProvider();
          if (!provider) throw ctx.error("NOT_FOUND", { message: "Single sign-on is not enabled on this instance." });
          let discovery;
          try {
            discovery = await discover(options.request, provider.issuer);
          } catch (error) {
            ctx.context.logger.error(`SSO discovery failed: ${describe(error)}`);
            throw ctx.error("BAD_GATEWAY", {
              message: `The sign-on provider cannot be reached: ${describe(error)}. Ask the instance owner to check the SSO settings.`,
            });
          }
          const nonce = randomBytes(24).toString("base64url");
          // The library keeps the callback, verifier and nonce in its state; errors land on the sign-in page.
          ctx.body = { ...ctx.body, callbackURL: ctx.body.callbackURL ?? "/", errorCallbackURL: "/sign-in" } as never;
          const { state, codeVerifier } = await generateState(ctx, { idTokenNonce: nonce });
          const url = authorizationUrl(discovery, provider, {
            redirectUri: `${ctx.context.baseURL}${SSO_CALLBACK_PATH}`,
            state,
            nonce,
            codeVerifier,
          });
          return ctx.json({ url, redirect: true });
        },
      ),
      ssoCallback: createAuthEndpoint(SSO_CALLBACK_PATH, { method: "GET", query: callbackQuery }, async (ctx) => {
        const signInPage = `${new URL(ctx.context.baseURL).origin}/sign-in`;
        const fail = (code: string): never => {
          throw ctx.redirect(`${signInPage}?error=${encodeURIComponent(code)}`);
        };
        if (!ctx.query.state) return fail("sso_state_missing");
        // Refuses (redirecting to the sign-in page) a state not made here, expired, used or
        // without this browser's state cookie.
        const state = await parseState(ctx);
        const provider = await options.loadProvider();
        if (!provider) return fail("sso_disabled");
        if (ctx.query.error || !ctx.query.code) return fail("sso_provider_error");
        if (ctx.query.iss && ctx.query.iss !== provider.issuer) return fail("sso_invalid_token");
        if (!state.idTokenNonce) return fail("sso_state_missing");
        const redirectUri = `${ctx.context.baseURL}${SSO_CALLBACK_PATH}`;
        let identity;
        try {
          const discovery = await discover(options.request, provider.issuer);
          const tokens = await exchangeCode(options.request, discovery, provider, {
            code: ctx.query.code,
            redirectUri,
            codeVerifier: state.codeVerifier,
          });
          identity = await verifyIdToken(options.request, discovery, provider, tokens.idToken, state.idTokenNonce);
          identity = await completeFromUserInfo(options.request, discovery, identity, tokens.accessToken);
        } catch (error) {
          const code = error instanceof SsoError ? error.code : "sso_provider_error";
          await options.onRefused({ code, reason: describe(error), email: null }, ctx.headers);
          return fail(code);
        }
        if (!identity.email) {
          await options.onRefused({ code: "sso_email_missing", reason: "no email claim", email: null }, ctx.headers);
          return fail("sso_email_missing");
        }
        if (!identity.emailVerified) {
          await options.onRefused(
            { code: "sso_email_unverified", reason: "email_verified is not true", email: identity.email },
            ctx.headers,
          );
          return fail("sso_email_unverified");
        }
        const accountId = `${provider.issuer}#${identity.subject}`;
        const linked = await ctx.context.internalAdapter.findAccountOwnerByKey({
          providerId: SSO_PROVIDER_ID,
          accountId,
        });
        const result = await handleOAuthUserInfo(ctx, {
          userInfo: {
            id: accountId,
            email: identity.email,
            emailVerified: true,
            name: identity.name ?? identity.email,
            image: null,
          },
          account: { providerId: SSO_PROVIDER_ID, accountId },
          callbackURL: state.callbackURL,
          // Linking rests on the provider's email_verified (checked above), never on trusting it by name.
          trustProviderByName: false,
        });
        if (result.error !== null) {
          await options.onRefused(
            { code: "sso_account_not_linked", reason: result.error, email: identity.email },
            ctx.headers,
          );
          return fail("sso_account_not_linked");
        }
        if (!linked) await options.onFirstSignIn({ userId: result.data.user.id, email: identity.email }, ctx.headers);
        await setSessionCookie(ctx, result.data);
        throw ctx.redirect(state.callbackURL);
      }),
    },
  } satisfies BetterAuthPlugin;
}
