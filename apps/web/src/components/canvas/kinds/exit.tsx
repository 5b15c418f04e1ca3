// The exit on the canvas: the run ends here, so it has no outlet and nothing to configure.
import jc from "@/components/canvas/journey-editor.module.css";
import { defineCanvasKind } from "./canvas-kind";

function ExitForm() {
  return <p className={jc.muted}>Contacts who reach this step leave the journey. Nothing to configure.</p>;
}

export const exitCanvasKind = defineCanvasKind({
  kind: "exit",
  description: "End the journey",
  color: "#475569",
  icon: ["M5 21V4", "M5 4h12l-2.5 4L17 12H5"],
  hasSource: false,
  createData: () => ({ kind: "exit" }),
  summarize: () => "End of journey",
  Form: ExitForm,
});
