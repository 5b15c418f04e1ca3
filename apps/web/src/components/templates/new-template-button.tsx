"use client";
// "New template": creates one from the starter content and opens it in the editor.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/client";

export function NewTemplateButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.templates.create.mutationOptions({
      onSuccess: (template) => router.push(`/templates/${template.id}`),
    }),
  );
  return (
    <div className="row">
      {create.error ? <span className="alert alert-error">{create.error.message}</span> : null}
      <button
        type="button"
        className="btn btn-primary"
        data-testid="new-template"
        disabled={create.isPending}
        onClick={() => create.mutate({ name: "Untitled template" })}
      >
        {create.isPending ? "Creating…" : "+ New template"}
      </button>
    </div>
  );
}
