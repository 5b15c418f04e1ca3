// The webhook step on the canvas: an HTTP call, summarised as `POST https://…`.
import { WebhookForm } from "@/components/canvas/inspector/webhook-form";
import { defineCanvasKind } from "./canvas-kind";

export const webhookCanvasKind = defineCanvasKind({
  kind: "webhook",
  description: "Call an HTTP endpoint",
  color: "#0891b2",
  icon: ["M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7", "M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"],
  createData: () => ({ kind: "webhook", method: "POST", url: "", headers: [], body: "" }),
  summarize: (data) => (data.url.trim() ? `${data.method} ${data.url}` : "Enter a URL"),
  Form: WebhookForm,
});
