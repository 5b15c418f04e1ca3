// The sticky note on the canvas: a remark for the team, not a step — no handles, no summary
// of behaviour, a yellow card whose text wraps (journey-editor.module.css, `data-kind="note"`).
import { useId } from "react";
import { NOTE_MAX_LENGTH } from "@mailstream/journey/schema";
import jc from "@/components/canvas/journey-editor.module.css";
import { defineCanvasKind, type KindFormProps } from "./canvas-kind";

/** The card shows the start of the note; the inspector holds all of it. */
const CARD_TEXT_LENGTH = 180;

function NoteForm({ data, onChange }: KindFormProps<"note">) {
  const id = useId();
  return (
    <div className={jc.form}>
      <div className={jc.field}>
        <label htmlFor={`${id}-text`}>Note</label>
        <textarea
          id={`${id}-text`}
          className={`nodrag ${jc.input} ${jc.textarea}`}
          rows={6}
          maxLength={NOTE_MAX_LENGTH}
          value={data.text}
          placeholder="Why this wait is 3 days, who owns the copy…"
          onChange={(e) => onChange({ ...data, text: e.target.value })}
        />
      </div>
      <p className={jc.help}>
        Notes are kept with the draft for your team. Publishing leaves them out: runs never see them.
      </p>
    </div>
  );
}

export const noteCanvasKind = defineCanvasKind({
  kind: "note",
  description: "Leave a note for your team",
  color: "#ca8a04",
  icon: ["M5 3h14v12l-6 6H5z", "M13 21v-6h6", "M8 8h8", "M8 12h5"],
  hasTarget: false,
  hasSource: false,
  createData: () => ({ kind: "note", text: "" }),
  summarize: (data) => {
    const text = data.text.trim();
    if (text === "") return "Empty note";
    return text.length > CARD_TEXT_LENGTH ? `${text.slice(0, CARD_TEXT_LENGTH)}…` : text;
  },
  Form: NoteForm,
});
