// What the tracking, unsubscribe and webhook routes need: the db and the signing secrets.
import { getDeps } from "./deps";
import { getEnv } from "./env";

export function trackingDeps() {
  return { db: getDeps().db, secret: getEnv().MAILSTREAM_SECRET };
}

export function resendWebhookDeps() {
  return { db: getDeps().db, signingSecret: getEnv().RESEND_WEBHOOK_SECRET };
}
