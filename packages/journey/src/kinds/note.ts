// The sticky note: text a team leaves on the canvas. Kept in the draft graph with the steps,
// but not a step: nothing connects to or from it, the graph checks pass over it, and compile
// leaves it out of the plan, so a note never changes what a run does.
import { z } from "zod";
import { defineNodeKind } from "./kind";

/** Enough for a paragraph of context; a note is not a document store. */
export const NOTE_MAX_LENGTH = 2_000;

export const ZNoteNodeDataSchema = z.object({
  kind: z.literal("note"),
  text: z.string().max(NOTE_MAX_LENGTH, `A note holds at most ${NOTE_MAX_LENGTH} characters`).default(""),
});
export type NoteNodeData = z.infer<typeof ZNoteNodeDataSchema>;

export const noteKind = defineNodeKind<NoteNodeData, never>({
  kind: "note",
  label: "Note",
  staticOutlets: [],
  isAnnotation: true,
  validate() {},
  compile: null,
});
