"use client";
// Link domains: hosts a link built from personal data (`{{ contact.website }}`) may point at and
// still be click-tracked. Others are sent untracked, so the click redirect never leads to a host
// nobody approved. Hosts written in a template and this app's own host need no entry.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView } from "./settings-types";
import { issueMessages } from "./workspace-variables-form";
import { SaveButton } from "@/components/ui/save-button";
import { Card } from "@/components/ui/card";

function parseLines(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

export function LinkDomainsForm({ initial }: { initial: SettingsView }) {
  const trpc = useTRPC();
  const [text, setText] = useState(initial.linkDomains.join("\n"));
  const save = useMutation(
    trpc.settings.saveLinkDomains.mutationOptions({
      onSuccess: (settings) => setText(settings.linkDomains.join("\n")),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ domains: parseLines(text) });
  }

  return (
    <Card title="Link domains" titleId="link-domains-title">
      <form className="card-body stack" onSubmit={onSubmit} data-testid="link-domains">
        <div className="field">
          <label htmlFor="link-domains-input">Tracked link domains for personalized links</label>
          <textarea
            id="link-domains-input"
            className="textarea mono"
            rows={4}
            value={text}
            placeholder={"shop.example.com\n*.example.com"}
            onChange={(e) => setText(e.target.value)}
          />
          <span className="hint">
            One per line. A link whose host comes from personal data (such as {"{{ contact.website }}"}) is
            click-tracked only when its host is listed here; otherwise it is sent untracked. Hosts written in the
            template itself are always tracked. <code>*.example.com</code> covers every subdomain.
          </span>
        </div>
        <div className="row">
          <SaveButton isPending={save.isPending}>Save</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
          {save.error && (
            <span className="alert alert-error" role="alert">
              {issueMessages(save.error.data) ?? save.error.message}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
