"use client";
// The list edits of journeys and templates behind one shape, so the row actions and the tag
// editor are written once for both lists. Each resolves when the server has committed.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

export type ListKind = "journey" | "template";

export interface ListMutations {
  rename: (id: string, name: string) => Promise<unknown>;
  duplicate: (id: string) => Promise<{ id: string; name: string }>;
  remove: (id: string) => Promise<unknown>;
  addTag: (id: string, tag: string) => Promise<unknown>;
  removeTag: (id: string, tag: string) => Promise<unknown>;
}

export function useListMutations(kind: ListKind): ListMutations {
  const trpc = useTRPC();
  const journeys = {
    rename: useMutation(trpc.journeys.rename.mutationOptions()),
    duplicate: useMutation(trpc.journeys.duplicate.mutationOptions()),
    remove: useMutation(trpc.journeys.delete.mutationOptions()),
    addTag: useMutation(trpc.journeys.addTag.mutationOptions()),
    removeTag: useMutation(trpc.journeys.removeTag.mutationOptions()),
  };
  const templates = {
    rename: useMutation(trpc.templates.update.mutationOptions()),
    duplicate: useMutation(trpc.templates.duplicate.mutationOptions()),
    remove: useMutation(trpc.templates.delete.mutationOptions()),
    addTag: useMutation(trpc.templates.addTag.mutationOptions()),
    removeTag: useMutation(trpc.templates.removeTag.mutationOptions()),
  };
  if (kind === "journey")
    return {
      rename: (journeyId, name) => journeys.rename.mutateAsync({ journeyId, name }),
      duplicate: (journeyId) => journeys.duplicate.mutateAsync({ journeyId }),
      remove: (journeyId) => journeys.remove.mutateAsync({ journeyId }),
      addTag: (journeyId, tag) => journeys.addTag.mutateAsync({ journeyId, tag }),
      removeTag: (journeyId, tag) => journeys.removeTag.mutateAsync({ journeyId, tag }),
    };
  return {
    rename: (templateId, name) => templates.rename.mutateAsync({ templateId, name }),
    duplicate: (templateId) => templates.duplicate.mutateAsync({ templateId }),
    remove: (templateId) => templates.remove.mutateAsync({ templateId }),
    addTag: (templateId, tag) => templates.addTag.mutateAsync({ templateId, tag }),
    removeTag: (templateId, tag) => templates.removeTag.mutateAsync({ templateId, tag }),
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
