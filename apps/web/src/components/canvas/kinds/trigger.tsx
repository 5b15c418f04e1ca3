// The trigger on the canvas: where a run starts, so nothing leads into it.
import { TriggerForm } from "@/components/canvas/inspector/trigger-form";
import { defineCanvasKind } from "./canvas-kind";

export const triggerCanvasKind = defineCanvasKind({
  kind: "trigger",
  description: "When an event arrives",
  color: "#7c3aed",
  icon: ["M13 2 4 14h7l-1 8 9-12h-7l1-8z"],
  hasTarget: false,
  isOnePerJourney: true,
  tag: "Start",
  createData: () => ({ kind: "trigger", event: "", filters: [] }),
  summarize: (data) => {
    if (data.source === "segment") return data.segmentId ? "When a contact enters a segment" : "Choose a segment";
    if (!data.event.trim()) return "Choose an event";
    const filters = data.filters.length;
    return filters === 0 ? `When ${data.event}` : `When ${data.event} · ${filters} filter${filters === 1 ? "" : "s"}`;
  },
  Form: TriggerForm,
});
