"use client";
// "New partial": creates a footer-like partial and opens it.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { CreateButton } from "@/components/ui/create-button";
import { useTRPC } from "@/trpc/client";

export function NewPartialButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(
    trpc.templates.partials.create.mutationOptions({ onSuccess: (p) => router.push(`/templates/partials/${p.id}`) }),
  );
  return (
    <CreateButton
      create={create}
      className="btn"
      testId="new-partial"
      onCreate={() =>
        create.mutate({
          name: "Footer",
          blocks: [
            { type: "divider", id: "rule" },
            { type: "text", id: "address", text: "{{ workspace.name }} · You receive this because you signed up." },
          ],
        })
      }
    >
      + New partial
    </CreateButton>
  );
}
