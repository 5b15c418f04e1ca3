// The "Webhook" node: renders the Liquid body and calls the URL. 2xx succeeds; 408/429/5xx and
// network errors throw a retryable error (Temporal backs off); other 4xx are permanent
// (`PermanentWebhookError`, status in the failure details) — the workflow records a failed
// step and moves on, so a broken endpoint never strands a run. The request goes through the
// outbound guard (@mailstream/net): a URL on a loopback, private or metadata address — however
// spelled, or reached by a redirect — is refused before anything is sent, permanently, and the
// message naming the refused address is what the run shows on the node.
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { findConditionContact } from "@mailstream/db/queries/conditions";
import { renderLiquid } from "@mailstream/emails/liquid";
import type { PlanStep } from "@mailstream/journey/plan";
import { OutboundError, type OutboundGuard, type OutboundResponse } from "@mailstream/net";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";
import { buildLiquidContext } from "./liquid-context";

export const PERMANENT_WEBHOOK_ERROR = "PermanentWebhookError";
const TIMEOUT_MS = 10_000;

export interface CallWebhookInput {
  runId: string;
  journeyId: string;
  nodeId: string;
  contactId: string;
  trigger: JourneyRunInput["trigger"];
  matchedEvents: Record<string, MatchedEvent>;
  request: Pick<Extract<PlanStep, { kind: "webhook" }>, "method" | "url" | "headers" | "body">;
}

export interface CallWebhookResult {
  status: number;
}

export function createWebhookActivity(db: Db, outbound: Pick<OutboundGuard, "request">) {
  return async function callWebhook(input: CallWebhookInput): Promise<CallWebhookResult> {
    const contact = await findConditionContact(db, input.contactId);
    const context = contact
      ? buildLiquidContext(contact, input.trigger, input.journeyId, input.matchedEvents)
      : { event: input.trigger, journey: { id: input.journeyId }, matchedEvents: input.matchedEvents };
    const { method, url, headers } = input.request;
    let body: string | undefined;
    if (method !== "GET" && input.request.body !== "") {
      try {
        body = renderLiquid(input.request.body, context, { mode: "text" });
      } catch (error) {
        throw ApplicationFailure.nonRetryable(`webhook body: ${(error as Error).message}`, PERMANENT_WEBHOOK_ERROR, {
          status: null,
        });
      }
    }
    const requestHeaders: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Mailstream-Webhook/1",
    };
    for (const header of headers) requestHeaders[header.name.toLowerCase()] = header.value;
    // Lets the receiver drop a retried delivery of the same step.
    requestHeaders["idempotency-key"] = `${input.runId}:${input.nodeId}`;

    let response: OutboundResponse;
    try {
      // Only the status matters: the receiver's body is never read.
      response = await outbound.request(url, {
        method,
        headers: requestHeaders,
        body,
        timeoutMs: TIMEOUT_MS,
        readBody: false,
      });
    } catch (error) {
      const message = `webhook ${method} ${url}: ${(error as Error).message}`;
      if (error instanceof OutboundError && error.permanent) {
        throw ApplicationFailure.nonRetryable(message, PERMANENT_WEBHOOK_ERROR, { status: null });
      }
      throw ApplicationFailure.retryable(message, "WebhookNetworkError");
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { status };
    if (status === 408 || status === 429 || status >= 500) {
      throw ApplicationFailure.retryable(`webhook ${method} ${url} answered ${status}`, "WebhookRetryableStatus", {
        status,
      });
    }
    throw ApplicationFailure.nonRetryable(`webhook ${method} ${url} answered ${status}`, PERMANENT_WEBHOOK_ERROR, {
      status,
    });
  };
}
