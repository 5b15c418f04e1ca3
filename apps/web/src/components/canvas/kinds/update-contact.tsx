// The update-contact step on the canvas: trait set / unset rows, summarised by the first.
import { UpdateContactForm } from "@/components/canvas/inspector/update-contact-form";
import { defineCanvasKind } from "./canvas-kind";

export const updateContactCanvasKind = defineCanvasKind({
  kind: "update_contact",
  description: "Set or unset traits",
  color: "#65a30d",
  icon: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21v-1a6 6 0 0 1 9-5.2", "m17 14 4 4-4 4"],
  createData: () => ({ kind: "update_contact", updates: [] }),
  summarize: (data) => {
    const first = data.updates[0];
    if (!first) return "Add a trait to set";
    const text =
      first.op === "set" ? `Set ${first.trait || "…"} = ${JSON.stringify(first.value)}` : `Unset ${first.trait || "…"}`;
    return data.updates.length > 1 ? `${text} +${data.updates.length - 1} more` : text;
  },
  Form: UpdateContactForm,
});
