// A checkbox with its label, as every canvas form draws one (the inspector and the journey
// settings). `nodrag` keeps React Flow from reading a click on it as the start of a drag.
import type { ReactNode } from "react";
import jc from "@/components/canvas/journey-editor.module.css";

export function CheckField(props: {
  checked: boolean;
  onCheck: (checked: boolean) => void;
  disabled?: boolean;
  /** The id of the help text that explains the box. */
  describedBy?: string;
  children: ReactNode;
}) {
  return (
    <label className={jc.check}>
      <input
        type="checkbox"
        className="nodrag"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onCheck(e.target.checked)}
      />
      {props.children}
    </label>
  );
}
