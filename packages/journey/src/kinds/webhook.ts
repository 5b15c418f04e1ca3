// The webhook node: an HTTP call with Liquid-rendered URL, headers and body; interpreted by
// temporal/workflows/src/steps/webhook.ts with the `callWebhook` activity.
import { z } from "zod";
import { defineNodeKind } from "./kind";

export const WEBHOOK_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const ZWebhookNodeDataSchema = z.object({
  kind: z.literal("webhook"),
  method: z.enum(WEBHOOK_METHODS).default("POST"),
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
  /** Liquid over `{ contact, event, journey, matchedEvents }`; ignored for GET. */
  body: z.string().default(""),
});

export const ZPlanWebhookStepSchema = z.object({
  kind: z.literal("webhook"),
  id: z.string(),
  method: z.enum(WEBHOOK_METHODS),
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  body: z.string(),
  next: z.string().nullable(),
});

export type WebhookValidationCode = "webhook_invalid_url" | "webhook_invalid_header";

export const webhookKind = defineNodeKind<
  z.infer<typeof ZWebhookNodeDataSchema>,
  z.infer<typeof ZPlanWebhookStepSchema>
>({
  kind: "webhook",
  label: "Webhook",
  staticOutlets: [null],
  validate(data, { name, push }) {
    let url: URL | null = null;
    try {
      url = new URL(data.url);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      push(
        "webhook_invalid_url",
        `${name} needs a full http(s) URL, e.g. https://example.com/hook${data.url ? ` (got "${data.url}")` : ""}`,
      );
    }
    data.headers.forEach((header, index) => {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header.name))
        push("webhook_invalid_header", `${name}: header ${index + 1} needs a valid name (got "${header.name}")`);
    });
  },
  compile: (data, { id, next }) => ({
    kind: "webhook",
    id,
    method: data.method,
    url: data.url.trim(),
    headers: data.headers.map((h) => ({ ...h })),
    body: data.body,
    next,
  }),
});
