// The web process's system mailer (invitations, password reset, verification links): the
// server's default transport from EMAIL_TRANSPORT, built once per process on first use.
import { createSystemMailer, type SystemMailer } from "@mailstream/api/system-mail";
import { createTransport } from "@mailstream/emails/transports";
import { getDeps } from "./deps";
import { getEnv } from "./env";

const globalKey = Symbol.for("mailstream.systemMail");
const store = globalThis as typeof globalThis & { [globalKey]?: SystemMailer };

export function getSystemMail(): SystemMailer {
  if (!store[globalKey]) {
    const env = getEnv();
    store[globalKey] = createSystemMailer({
      db: getDeps().db,
      transport: createTransport(env.EMAIL_TRANSPORT, {
        smtpUrl: env.SMTP_URL,
        resendApiKey: env.RESEND_API_KEY,
        resendBaseUrl: env.RESEND_BASE_URL,
      }),
      from: env.MAILSTREAM_DEFAULT_FROM,
      publicUrl: env.MAILSTREAM_PUBLIC_URL,
    });
  }
  return store[globalKey];
}
