// Test data for the tracking/unsubscribe/webhook tests: a workspace and a sent message whose
// HTML and headers are built with the same helpers the `sendEmail` activity uses (the api
// layer may not import temporal's activities; temporal's send-email.test.ts covers that side).
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { markMessageSent } from "@mailstream/db/queries/messages-send";
import { messages, workspaces } from "@mailstream/db/schema";
import { buildListUnsubscribeHeaders } from "@mailstream/emails/headers";
import { addOpenPixel, rewriteLinks } from "@mailstream/emails/tracking/rewrite";
import { buildTrackingUrls } from "@mailstream/emails/tracking/token";

export const TEST_SECRET = "tracking-test-secret-0123456789";
export const TEST_PUBLIC_URL = "https://ms.test";
export const OFFER_URL = "https://shop.example.test/offer?a=1&b=2";

/** The message has no template, so its link's host is approved through the workspace's link-domain list. */
export async function createSentMessageFixture(db: Db) {
  const slug = `trk-${randomUUID().slice(0, 12)}`;
  const [ws] = await db
    .insert(workspaces)
    .values({ name: slug, slug, settings: { trackingEnabled: true, linkDomains: [new URL(OFFER_URL).hostname] } })
    .returning({ id: workspaces.id });
  if (!ws) throw new Error("workspace insert returned nothing");
  const email = `${slug}@mailstream.test`;
  const messageId = randomUUID();
  const urls = buildTrackingUrls(TEST_PUBLIC_URL, TEST_SECRET, messageId);
  const html = addOpenPixel(
    rewriteLinks(`<html><body><a href="${OFFER_URL.replace("&", "&amp;")}">Offer</a></body></html>`, {
      trackUrl: urls.click,
    }),
    urls.open,
  );
  const providerMessageId = `prov-${randomUUID()}`;
  await db.insert(messages).values({
    id: messageId,
    workspaceId: ws.id,
    idempotencyKey: `fixture:${messageId}`,
    toAddress: email,
    fromAddress: "Test <test@mailstream.test>",
    subject: "News",
    html,
    text: "Offer",
    headers: buildListUnsubscribeHeaders(urls.unsubscribe),
    transport: "outbox",
  });
  await markMessageSent(db, { messageId, workspaceId: ws.id, providerMessageId });
  const token = (prefix: string) => extractToken(html + urls.unsubscribe, prefix);
  return {
    workspaceId: ws.id,
    email,
    messageId,
    providerMessageId,
    html,
    openToken: token("/t/o/"),
    clickToken: token("/t/c/"),
    unsubscribeToken: token("/unsubscribe/"),
  };
}

/** The token after `<prefix>` in the first matching URL of `text`. */
export function extractToken(text: string, prefix: string): string {
  const match = new RegExp(`${prefix.replace(/[/.]/g, "\\$&")}([\\w-]+\\.[\\w-]+)`).exec(text);
  if (!match) throw new Error(`no ${prefix} token in: ${text.slice(0, 200)}`);
  return match[1] as string;
}
