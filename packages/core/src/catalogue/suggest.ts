// Suggestions while typing, from the workspace's catalogue: event names, property paths (of
// one event or any), trait names, and values seen for a path — values only once enough
// distinct identities sent them (catalogue-rules.ts).
import type { Db } from "@mailstream/db/client";
import { searchCatalogue } from "@mailstream/db/queries/catalogue";
import { z } from "zod";
import { CATALOGUE_LIMITS } from "./catalogue-rules";

export const SUGGESTION_KINDS = ["event", "event_path", "trait", "event_value", "trait_value"] as const;

export const ZSuggestInputSchema = z.object({
  kind: z.enum(SUGGESTION_KINDS),
  /** What the person typed so far; empty lists the most seen. */
  text: z.string().max(200, { message: "text must be at most 200 characters" }).default(""),
  /** The event whose paths or values to list (event_path, event_value); absent = any event. */
  event: z.string().max(200, { message: "event must be at most 200 characters" }).nullish(),
  /** The path whose values to list (event_value, trait_value). */
  path: z.string().max(300, { message: "path must be at most 300 characters" }).nullish(),
  limit: z.number().int().min(1).max(20).default(10),
});
export type SuggestInput = z.infer<typeof ZSuggestInputSchema>;

export async function suggestFromCatalogue(db: Db, workspaceId: string, input: SuggestInput): Promise<string[]> {
  const isValue = input.kind === "event_value" || input.kind === "trait_value";
  // A value list needs its path: without one there is nothing sensible to offer.
  if (isValue && !input.path?.trim()) return [];
  const usesEvent = input.kind === "event_path" || input.kind === "event_value";
  const rows = await searchCatalogue(db, {
    workspaceId,
    kind: input.kind,
    event: usesEvent && input.event?.trim() ? input.event.trim() : null,
    path: isValue ? (input.path?.trim() ?? null) : null,
    text: input.text.trim(),
    minContributors: CATALOGUE_LIMITS.minContributors,
    limit: input.limit,
  });
  return rows.map((row) => row.text);
}
