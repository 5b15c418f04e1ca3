// The web app's better-auth instance (packages/auth), built once per process on first use.
// Its signing key is derived from MAILSTREAM_SECRET (the one secret an install already keeps),
// so sessions survive restarts and every web process of a cluster accepts the others' cookies.
// Reset and verification links go out through the system mailer (server/system-mail.ts).
// Single sign-on reads its provider from the database on each sign-in and reaches the issuer
// only through the process's outbound guard (server/deps.ts).
import { createHash } from "node:crypto";
import { createSsoOptions } from "@mailstream/api/sso";
import { createAuth, type MailstreamAuth } from "@mailstream/auth/server";
import { getDeps } from "./deps";
import { getEnv } from "./env";
import { getSystemMail } from "./system-mail";

const globalKey = Symbol.for("mailstream.webAuth");
const store = globalThis as typeof globalThis & { [globalKey]?: MailstreamAuth };

export function getAuth(): MailstreamAuth {
  if (!store[globalKey]) {
    const env = getEnv();
    if (!env.MAILSTREAM_SECRET) throw new Error("MAILSTREAM_SECRET is required to sign in (it signs session cookies).");
    store[globalKey] = createAuth({
      db: getDeps().db,
      // A separate key per use: a leaked session key does not open tracking tokens or sealed settings.
      secret: createHash("sha256").update(`mailstream-auth:${env.MAILSTREAM_SECRET}`).digest("hex"),
      baseURL: env.MAILSTREAM_PUBLIC_URL,
      openSignUp: env.MAILSTREAM_OPEN_SIGNUP,
      sendLinkEmail: (email) =>
        getSystemMail().send(
          email.kind === "password-reset"
            ? {
                kind: email.kind,
                to: email.to,
                subject: "Reset your Mailstream password",
                lines: [
                  "Someone (hopefully you) asked to reset the password of your Mailstream account.",
                  "The link works once and expires in one hour; choosing a new password signs you out everywhere. If you did not ask for it, ignore this email: your password stays as it is.",
                ],
                action: "Choose a new password",
                link: email.url,
              }
            : {
                kind: email.kind,
                to: email.to,
                subject: "Confirm your email address for Mailstream",
                lines: [`Confirm that ${email.to} is your address to finish setting up your Mailstream account.`],
                action: "Confirm my address",
                link: email.url,
              },
        ),
      trustedProxies: env.MAILSTREAM_TRUST_PROXY,
      sso: createSsoOptions({
        db: getDeps().db,
        secret: env.MAILSTREAM_SECRET,
        outbound: getDeps().outbound,
        trustedProxies: env.MAILSTREAM_TRUST_PROXY,
      }),
    });
  }
  return store[globalKey];
}
