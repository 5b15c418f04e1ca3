"use client";
// Sender defaults (used when a template has none) and the open/click tracking switch.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView } from "./settings-types";
import { SaveButton } from "@/components/ui/save-button";

export function GeneralSettingsForm({ initial }: { initial: SettingsView }) {
  const trpc = useTRPC();
  const [trackingEnabled, setTrackingEnabled] = useState(initial.trackingEnabled);
  const [defaultFrom, setDefaultFrom] = useState(initial.defaultFrom);
  const [defaultReplyTo, setDefaultReplyTo] = useState(initial.defaultReplyTo);
  const save = useMutation(trpc.settings.saveGeneral.mutationOptions());

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ trackingEnabled, defaultFrom, defaultReplyTo });
  }

  return (
    <section className="card" aria-labelledby="general-settings-title">
      <div className="card-header">
        <h2 id="general-settings-title">Sender and tracking</h2>
      </div>
      <form className="card-body stack" onSubmit={onSubmit} data-testid="general-settings">
        <div className="field">
          <label htmlFor="default-from">Default from</label>
          <input
            id="default-from"
            className="input"
            value={defaultFrom}
            placeholder="Mailstream Demo <demo@mailstream.test>"
            onChange={(e) => setDefaultFrom(e.target.value)}
          />
          <span className="hint">
            Used when a template has no from address of its own; it must be a declared sender. Empty = the server
            default.
          </span>
        </div>
        <div className="field">
          <label htmlFor="default-reply-to">Default reply-to</label>
          <input
            id="default-reply-to"
            className="input"
            value={defaultReplyTo}
            placeholder="support@example.test"
            onChange={(e) => setDefaultReplyTo(e.target.value)}
          />
        </div>
        <label className="row">
          <input
            type="checkbox"
            checked={trackingEnabled}
            onChange={(e) => setTrackingEnabled(e.target.checked)}
            data-testid="tracking-enabled"
          />
          <span>Track opens and clicks (open pixel, click-tracked links)</span>
        </label>
        <div className="row">
          <SaveButton isPending={save.isPending}>Save</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
          {save.error && <span className="alert alert-error">{save.error.message}</span>}
        </div>
      </form>
    </section>
  );
}
