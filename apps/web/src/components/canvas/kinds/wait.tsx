// The wait on the canvas: a duration, a time of day, a date, or an event with a timeout
// (outlets `matched` / `timed_out`, labelled from the journey kind).
import { formatDuration, waitDurationProblem } from "@mailstream/journey/durations";
import { WaitForm } from "@/components/canvas/inspector/wait-form";
import { defineCanvasKind } from "./canvas-kind";

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export const waitCanvasKind = defineCanvasKind({
  kind: "wait",
  description: "Pause for a while",
  color: "#d97706",
  icon: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M12 7v5l3 2"],
  createData: () => ({ kind: "wait", duration: { amount: 1, unit: "days" } }),
  summarize: (data) => {
    switch (data.mode ?? "duration") {
      case "duration": {
        // A bad pause says so on the card rather than reading like a wait that will happen.
        const problem = waitDurationProblem(data.duration);
        return problem ? `Pause ${problem}` : `Wait ${formatDuration(data.duration)}`;
      }
      case "until_time": {
        const t = data.untilTime;
        if (!t?.time) return "Choose a time of day";
        const days =
          t.weekdays.length === 0 || t.weekdays.length === 7 ? "any day" : t.weekdays.map(capitalize).join(", ");
        return `Until ${t.time} · ${days}`;
      }
      case "until_date": {
        const d = data.untilDate;
        if (!d?.path.trim()) return "Choose a date field";
        const offset =
          d.offset.amount === 0
            ? ""
            : ` ${d.offset.amount > 0 ? "+" : "−"} ${formatDuration({ ...d.offset, amount: Math.abs(d.offset.amount) })}`;
        return `Until ${d.source === "trait" ? "trait" : "event"} ${d.path}${offset}`;
      }
      case "until_best_time":
        return `Best send time · else ${data.untilBestTime?.fallbackTime ?? "09:00"}`;
      case "until_event": {
        const e = data.untilEvent;
        if (!e?.event.trim()) return "Choose an event to wait for";
        const problem = waitDurationProblem(e.timeout);
        if (problem) return `Timeout ${problem}`;
        return `Wait until ${e.event} · ${formatDuration(e.timeout)}`;
      }
    }
  },
  Form: WaitForm,
});
