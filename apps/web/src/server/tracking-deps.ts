// What the tracking, unsubscribe and webhook routes need: the db and the signing secrets.
import { getDeps } from "./deps";
import { getEnv } from "./env";

export function trackingDeps() {
  const env = getEnv();
  const { db, limits, outbound, trustedProxies } = getDeps();
  return {
    db,
    limits,
    secret: env.MAILSTREAM_SECRET,
    publicUrl: env.MAILSTREAM_PUBLIC_URL,
    outbound,
    trustedProxies,
  };
}

export function resendWebhookDeps() {
  return { db: getDeps().db, signingSecret: getEnv().RESEND_WEBHOOK_SECRET };
}
