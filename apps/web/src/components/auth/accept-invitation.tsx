"use client";
// Accepting an invitation. Signed in: one button (workspaces.acceptInvitation). Not signed in:
// the invited address (fixed), a name and a password, posted to /api/invitations/accept,
// which creates the account — or, when the address already has one, checks that it is its
// password — joins the workspace and signs in. The form reads the same either way.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "@/components/ui/error-alert";
import { TextField } from "@/components/ui/form-field";
import { useTRPC } from "@/trpc/client";
import { AuthForm, authError, NewPasswordField, postAuth } from "./auth-form";

const goToWorkspace = () => window.location.assign("/overview");

export function JoinWorkspaceButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const accept = useMutation(trpc.workspaces.acceptInvitation.mutationOptions({ onSuccess: goToWorkspace }));
  return (
    <>
      <ErrorAlert error={accept.error} />
      <button
        type="button"
        className="btn btn-primary"
        disabled={accept.isPending || accept.isSuccess}
        onClick={() => accept.mutate({ token })}
      >
        {accept.isPending ? "Joining…" : "Join the workspace"}
      </button>
    </>
  );
}

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");

  async function join() {
    const reply = await postAuth("/api/invitations/accept", { token, name, password });
    if (reply.ok) {
      goToWorkspace();
      return null;
    }
    return authError(
      reply.body?.error ??
        reply.body?.message ??
        reply.body?.errors?.map((e) => `${e.path}: ${e.message}`).join("; ") ??
        `Joining failed (${reply.status}).`,
    );
  }

  return (
    <AuthForm submitLabel="Accept and join" pendingLabel="Joining…" onSubmit={join}>
      <TextField
        id="invite-email"
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        value={email}
        onValue={() => undefined}
        readOnly
      />
      <TextField
        id="invite-name"
        label="Your name"
        name="name"
        autoComplete="name"
        required
        maxLength={80}
        value={name}
        onValue={setName}
      />
      <NewPasswordField
        id="invite-password"
        label="Password"
        name="password"
        value={password}
        onValue={setPassword}
        hint="At least 10 characters. If this address already has a Mailstream account, use its password."
      />
    </AuthForm>
  );
}
