"use client";
// The edit page's body: loads the draft, then hands it to the form.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { PageHeader } from "@/components/ui/list-parts";
import { BroadcastForm } from "./broadcast-form";

export function BroadcastEditor({ broadcastId }: { broadcastId: string }) {
  const trpc = useTRPC();
  const broadcast = useQuery(trpc.broadcasts.get.queryOptions({ broadcastId }));
  return (
    <div className="page">
      <PageHeader
        back={{ href: `/broadcasts/${broadcastId}`, label: broadcast.data?.name ?? "Broadcast" }}
        title="Edit broadcast"
        description="Only a draft can change; sending freezes it."
      />
      <ErrorAlert error={broadcast.error} />
      {broadcast.data ? <BroadcastForm broadcast={broadcast.data} /> : null}
    </div>
  );
}
