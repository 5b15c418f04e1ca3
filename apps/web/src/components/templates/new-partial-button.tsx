"use client";
// "New partial": creates a footer-like partial and opens it.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/trpc/client";

export function NewPartialButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.templates.partials.create.mutationOptions({ onSuccess: (p) => router.push(`/templates/partials/${p.id}`) }));
  return (
    <div className="row">
      {create.error ? <span className="alert alert-error">{create.error.message}</span> : null}
      <button
        type="button"
        className="btn"
        data-testid="new-partial"
        disabled={create.isPending}
        onClick={() =>
          create.mutate({
            name: "Footer",
            blocks: [
              { type: "divider", id: "rule" },
              { type: "text", id: "address", text: "{{ workspace.name }} · You receive this because you signed up." },
            ],
          })
        }
      >
        {create.isPending ? "Creating…" : "+ New partial"}
      </button>
    </div>
  );
}
