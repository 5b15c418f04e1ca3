// The better-auth instance: email + password sign-in (the library's scrypt hashing), sessions
// in Postgres through the drizzle adapter, httpOnly SameSite=Lax cookies (Secure when the
// public URL is https), open sign-up off unless the instance enables it, and failed sign-ins
// limited per account and per address by the one rate limiter (./rate-limit.ts). Password
// reset and email verification are better-auth's own (its tokens, its endpoints); their
// emails go out through `sendLinkEmail` (the system mail module), reset requests are limited
// per address and per account, and a reset signs every session of the account out.
import type { Db } from "@mailstream/db/client";
import { accounts, sessions, users, verifications } from "@mailstream/db/schema";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { insertSecurityEvent, type SecurityEventKind } from "@mailstream/db/queries/security-events";
import { clientAddress, clientAddressKey } from "./client-address";
import { RESET_PASSWORD_PAGE, VERIFY_EMAIL_PAGE } from "./links";
import { createRateLimiter, RateLimitedError, type RateLimit } from "./rate-limit";
import { ssoPlugin, type SsoOptions } from "./sso/sso-plugin";

export interface AuthConfig {
  db: Db;
  /** Signs session cookies; at least 32 characters in production (better-auth refuses less). */
  secret: string;
  /** The public URL people open (MAILSTREAM_PUBLIC_URL); https makes every cookie Secure. */
  baseURL: string;
  /** Open sign-up: anyone may create an account. Off by default (invitations are a later slice). */
  openSignUp?: boolean;
  /** Overrides of the sign-in limits (tests use small windows). */
  signInLimits?: { account?: Partial<RateLimit>; address?: Partial<RateLimit> };
  /** Sends a password-reset or verification link (the system mail module); without it neither is offered. */
  sendLinkEmail?: ((email: LinkEmail) => Promise<void>) | undefined;
  /** Overrides of the reset-request limits (tests use small windows). */
  resetLimits?: { account?: Partial<RateLimit>; address?: Partial<RateLimit> };
  /** MAILSTREAM_TRUST_PROXY: how many reverse proxies of yours stand in front (client-address.ts). */
  trustedProxies?: number;
  /** Single sign-on (OIDC, configured by the instance owner); without it there is no SSO endpoint. */
  sso?: SsoOptions | undefined;
}

export interface LinkEmail {
  kind: "password-reset" | "email-verification";
  to: string;
  name: string;
  url: string;
}

export const AUTH_BASE_PATH = "/api/auth";

/** Ten failures per account in 15 minutes, then 15 minutes refused; an address gets more (offices share one). */
const ACCOUNT_LIMIT: RateLimit = {
  name: "sign-in-account",
  points: 10,
  durationSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};
const ADDRESS_LIMIT: RateLimit = {
  name: "sign-in-address",
  points: 50,
  durationSeconds: 15 * 60,
  blockSeconds: 15 * 60,
};

/** Reset links: a few per requested address (silently dropped past it), more per network address (a 429). */
const RESET_ACCOUNT_LIMIT: RateLimit = { name: "reset-account", points: 3, durationSeconds: 60 * 60 };
const RESET_ADDRESS_LIMIT: RateLimit = { name: "reset-address", points: 20, durationSeconds: 60 * 60 };

/** better-auth's own answer to a reset request, word for word, so a limited request reads the same. */
export const RESET_REQUESTED_MESSAGE = "If this email exists in our system, check your email for the reset link";

export const RESET_LIMITED_MESSAGE = "Too many reset requests from this address. Wait an hour and try again.";

/** The same words whether or not the address has an account, so a 429 reveals nothing either. */
export const SIGN_IN_LIMITED_MESSAGE = "Too many failed sign-in attempts. Wait a few minutes and try again.";

/** better-auth's link, made to return to our page whatever callback the request named. */
function landOn(url: string, page: string): string {
  const link = new URL(url);
  link.searchParams.set("callbackURL", page);
  return link.toString();
}

function accountKey(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" && email.trim() ? email.trim().toLowerCase() : null;
}

export function createAuth(config: AuthConfig) {
  const trustedProxies = config.trustedProxies ?? 0;
  const addressOf = (headers: Headers | undefined) => clientAddressKey(headers, trustedProxies);
  // The instance security log (not a workspace's): who tried which address from where.
  const logSecurityEvent = (kind: SecurityEventKind, body: unknown, headers: Headers | undefined) =>
    insertSecurityEvent(config.db, {
      kind,
      email: accountKey(body)?.slice(0, 320) ?? null,
      sourceAddress: clientAddress(headers, trustedProxies),
    });

  const isHttps = new URL(config.baseURL).protocol === "https:";
  const accountLimiter = createRateLimiter(config.db, { ...ACCOUNT_LIMIT, ...config.signInLimits?.account });
  const addressLimiter = createRateLimiter(config.db, { ...ADDRESS_LIMIT, ...config.signInLimits?.address });
  const resetAccountLimiter = createRateLimiter(config.db, { ...RESET_ACCOUNT_LIMIT, ...config.resetLimits?.account });
  const resetAddressLimiter = createRateLimiter(config.db, { ...RESET_ADDRESS_LIMIT, ...config.resetLimits?.address });
  const sendLinkEmail = config.sendLinkEmail;

  /**
   * Not awaited: the answer to a reset request must not take longer when the address has an
   * account (only then is an email sent). A failure is logged, never shown.
   */
  function inBackground(kind: LinkEmail["kind"], work: () => Promise<void>): void {
    void work().catch((error: unknown) =>
      console.error(`[auth] sending the ${kind} email failed: ${(error as Error).message}`),
    );
  }

  return betterAuth({
    appName: "Mailstream",
    baseURL: config.baseURL,
    basePath: AUTH_BASE_PATH,
    secret: config.secret,
    trustedOrigins: [new URL(config.baseURL).origin],
    database: drizzleAdapter(config.db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: {
      enabled: true,
      disableSignUp: !config.openSignUp,
      minPasswordLength: 10,
      resetPasswordTokenExpiresIn: 60 * 60,
      // A reset means the password may be known to someone else: every session of the account ends.
      revokeSessionsOnPasswordReset: true,
      ...(sendLinkEmail
        ? {
            sendResetPassword: async ({
              user,
              url,
            }: {
              user: { id: string; email: string; name: string };
              url: string;
            }) =>
              inBackground("password-reset", () =>
                sendLinkEmail({
                  kind: "password-reset",
                  to: user.email,
                  name: user.name,
                  url: landOn(url, RESET_PASSWORD_PAGE),
                }),
              ),
          }
        : {}),
    },
    ...(sendLinkEmail
      ? {
          emailVerification: {
            sendOnSignUp: true,
            autoSignInAfterVerification: true,
            expiresIn: 24 * 60 * 60,
            sendVerificationEmail: async ({ user, url }: { user: { email: string; name: string }; url: string }) =>
              inBackground("email-verification", () =>
                sendLinkEmail({
                  kind: "email-verification",
                  to: user.email,
                  name: user.name,
                  url: landOn(url, `${VERIFY_EMAIL_PAGE}?verified=1`),
                }),
              ),
          },
        }
      : {}),
    session: {
      additionalFields: {
        // Set by workspaces.switch/create only (input: false): never from a sign-in body.
        activeWorkspaceId: { type: "string", required: false, input: false },
      },
    },
    advanced: {
      useSecureCookies: isHttps,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: isHttps },
    },
    // SSO failures (and any other redirect-style error) land on the sign-in page with `?error=`.
    onAPIError: { errorURL: `${new URL(config.baseURL).origin}/sign-in` },
    plugins: config.sso ? [ssoPlugin(config.sso)] : [],
    // better-auth's own limiter is per process and in memory; sign-in is limited below with ours.
    rateLimit: { enabled: false },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/request-password-reset") {
          const address = addressOf(ctx.headers);
          try {
            await resetAddressLimiter.check(address, RESET_LIMITED_MESSAGE);
          } catch (error) {
            if (!(error instanceof RateLimitedError)) throw error;
            throw new APIError(
              "TOO_MANY_REQUESTS",
              { message: error.message, code: "TOO_MANY_ATTEMPTS" },
              { "Retry-After": String(error.retryAfterSeconds) },
            );
          }
          await resetAddressLimiter.spend(address);
          // Counted per requested address whether or not it has an account (same cost either
          // way); past the limit the request gets better-auth's usual answer and nothing is sent.
          const requested = accountKey(ctx.body);
          if (requested) {
            try {
              await resetAccountLimiter.check(requested, RESET_LIMITED_MESSAGE);
            } catch (error) {
              if (!(error instanceof RateLimitedError)) throw error;
              return ctx.json({ status: true, message: RESET_REQUESTED_MESSAGE });
            }
            await resetAccountLimiter.spend(requested);
          }
          return;
        }
        if (ctx.path !== "/sign-in/email") return;
        const account = accountKey(ctx.body);
        try {
          await addressLimiter.check(addressOf(ctx.headers), SIGN_IN_LIMITED_MESSAGE);
          if (account) await accountLimiter.check(account, SIGN_IN_LIMITED_MESSAGE);
        } catch (error) {
          if (!(error instanceof RateLimitedError)) throw error;
          await logSecurityEvent("sign_in_rate_limited", ctx.body, ctx.headers);
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { message: error.message, code: "TOO_MANY_ATTEMPTS" },
            {
              "Retry-After": String(error.retryAfterSeconds),
            },
          );
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const account = accountKey(ctx.body);
        const failed = ctx.context.returned instanceof APIError && ctx.context.returned.statusCode === 401;
        if (failed) {
          await logSecurityEvent("sign_in_failed", ctx.body, ctx.headers);
          await addressLimiter.spend(addressOf(ctx.headers));
          if (account) await accountLimiter.spend(account);
        } else if (account && !(ctx.context.returned instanceof Error)) {
          await accountLimiter.reset(account);
        }
      }),
    },
  });
}

export type MailstreamAuth = ReturnType<typeof createAuth>;
