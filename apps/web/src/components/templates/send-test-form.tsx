"use client";
// "Send test": the editor's current content, rendered for the preview's contact or sample, sent
// to one address through the workspace's transport. Recorded as a test message (Inbox only).
import type { TemplateContent } from "@mailstream/emails/template";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import type { PreviewSource } from "./template-preview";

interface Props {
  content: TemplateContent & { fromAddress: string; replyTo: string };
  source: PreviewSource;
}

export function SendTestForm({ content, source }: Props) {
  const trpc = useTRPC();
  const [to, setTo] = useState("");
  const send = useMutation(trpc.templates.sendTest.mutationOptions());
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        const from =
          "contactId" in source
            ? { contactId: source.contactId }
            : { context: { ...source.context, journey: { id: "test", name: "Test send" } } };
        send.mutate({ to, content, ...from });
      }}
    >
      <label htmlFor="send-test-to">Send a test to</label>
      <div className="row">
        <input
          id="send-test-to"
          className="input"
          type="email"
          placeholder="you@example.test"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          required
        />
        <button type="submit" className="btn" data-testid="send-test" disabled={send.isPending || to.trim() === ""}>
          {send.isPending ? "Sending…" : "Send test"}
        </button>
      </div>
      {send.error ? (
        <span className="alert alert-error" role="alert">
          {send.error.message}
        </span>
      ) : send.data?.status === "skipped" ? (
        <span className="alert alert-error" role="alert" data-testid="send-test-skipped">
          Not sent: {send.data.reason}
        </span>
      ) : send.data ? (
        <span className="alert alert-success" role="status" data-testid="send-test-result">
          Test sent via {send.data.transport} — it is in the Inbox, and not counted in any journey&apos;s metrics.
        </span>
      ) : null}
    </form>
  );
}
