// A broadcast's status as a badge, in the list and on its page; the types and the funnel's steps
// the screens share.
import type { AppRouter } from "@mailstream/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type BroadcastView = inferRouterOutputs<AppRouter>["broadcasts"]["get"];
export type BroadcastDraft = inferRouterInputs<AppRouter>["broadcasts"]["create"];
export type BroadcastStatus = BroadcastView["status"];

/** The funnel's steps in order, in the totals and per variant ("converted" is null without a goal). */
export const BROADCAST_FUNNEL = [
  "sent",
  "delivered",
  "opened",
  "clicked",
  "converted",
  "unsubscribed",
  "bounced",
  "complained",
] as const;

const BADGE: Record<BroadcastStatus, string> = {
  draft: "badge badge-draft",
  scheduled: "badge badge-queued",
  sending: "badge badge-live",
  paused: "badge badge-paused",
  cancelled: "badge badge-failed",
  done: "badge badge-sent",
};

export function BroadcastStatusBadge({ status }: { status: BroadcastStatus }) {
  return (
    <span className={BADGE[status]} data-testid="broadcast-status">
      {status}
    </span>
  );
}
