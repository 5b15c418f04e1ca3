"use client";
// For the canvas email inspector: which version of the template the live journey sends
// (pinned at publish), so authors know a template edit needs a re-publish to go live.
import { useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useTRPC } from "@/trpc/client";
import jc from "@/components/canvas/journey-editor.module.css";

export function PinnedVersionNote({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const params = useParams<{ journeyId?: string }>();
  const journeyId = params.journeyId ?? "";
  // Publishing happens elsewhere on the page: refetch on mount and every few seconds while shown.
  const pins = useQuery({
    ...trpc.templates.livePins.queryOptions({ journeyId }),
    enabled: journeyId !== "",
    refetchOnMount: "always",
    refetchInterval: 3_000,
  });
  const pin = pins.data?.find((p) => p.templateId === templateId);
  return (
    <p className={jc.help} data-testid="email-pinned-version">
      {pin
        ? `Live journey sends version ${pin.version} of this template; template edits go live when you publish again.`
        : "Publishing freezes the current version of this template for this journey."}
    </p>
  );
}
