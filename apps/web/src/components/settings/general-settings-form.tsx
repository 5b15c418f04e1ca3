"use client";
// Sender defaults (used when a template has none) and the open/click tracking switch.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView } from "./settings-types";
import { SaveButton } from "@/components/ui/save-button";
import { TextField } from "@/components/ui/form-field";
import { Card } from "@/components/ui/card";

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
    <Card title="Sender and tracking" titleId="general-settings-title">
      <form className="card-body stack" onSubmit={onSubmit} data-testid="general-settings">
        <TextField
          id="default-from"
          label="Default from"
          value={defaultFrom}
          placeholder="Mailstream Demo <demo@mailstream.test>"
          onValue={setDefaultFrom}
          hint="Used when a template has no from address of its own; it must be a declared sender. Empty = the server default."
        />
        <TextField
          id="default-reply-to"
          label="Default reply-to"
          value={defaultReplyTo}
          placeholder="support@example.test"
          onValue={setDefaultReplyTo}
        />
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
    </Card>
  );
}
