"use client";
// "New template": creates one from the starter content and opens it in the editor.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { CreateButton } from "@/components/ui/create-button";
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
    <CreateButton
      create={create}
      className="btn btn-primary"
      testId="new-template"
      onCreate={() => create.mutate({ name: "Untitled template" })}
    >
      + New template
    </CreateButton>
  );
}
