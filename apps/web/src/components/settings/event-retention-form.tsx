"use client";
// Event retention: how long this workspace keeps its events and message events. Keeping them
// forever is the default; with a number of days the dispatcher removes older ones (whole
// monthly partitions when no workspace keeps them, else row by row). Metric totals stay.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView } from "./settings-types";
import { issueMessages } from "./workspace-variables-form";
import { SaveButton } from "@/components/ui/save-button";
import { Card } from "@/components/ui/card";
import styles from "./settings.module.css";

export function EventRetentionForm({ initial }: { initial: SettingsView }) {
  const trpc = useTRPC();
  const [keepsForever, setKeepsForever] = useState(initial.eventRetentionDays === null);
  const [days, setDays] = useState(String(initial.eventRetentionDays ?? 400));
  const save = useMutation(
    trpc.settings.saveEventRetention.mutationOptions({
      onSuccess: (settings) => {
        setKeepsForever(settings.eventRetentionDays === null);
        if (settings.eventRetentionDays !== null) setDays(String(settings.eventRetentionDays));
      },
    }),
  );

  const [inputError, setInputError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = Number(days.trim());
    if (!keepsForever && (days.trim() === "" || !Number.isFinite(parsed))) {
      setInputError("Enter a number of days, or choose to keep events forever");
      return;
    }
    setInputError(null);
    // Bounds (30–3650, whole days) are the server's to check: it names the problem.
    save.mutate({ days: keepsForever ? null : parsed });
  }

  return (
    <Card title="Event retention" titleId="event-retention-title">
      <form className="card-body stack" onSubmit={onSubmit} data-testid="event-retention">
        <label className="row">
          <input
            type="radio"
            name="event-retention"
            checked={keepsForever}
            onChange={() => setKeepsForever(true)}
            data-testid="retention-forever"
          />
          <span>Keep events forever</span>
        </label>
        <label className="row">
          <input
            type="radio"
            name="event-retention"
            checked={!keepsForever}
            onChange={() => setKeepsForever(false)}
            data-testid="retention-days"
          />
          <span>Delete events older than</span>
          <input
            aria-label="Days to keep events"
            className={`input ${styles.daysInput}`}
            inputMode="numeric"
            size={6}
            value={days}
            disabled={keepsForever}
            onChange={(e) => setDays(e.target.value)}
          />
          <span>days</span>
        </label>
        <span className="hint">
          Applies to tracked events and to message events (opens, clicks, deliveries); 30 to 3650 days. Older ones are
          removed within the hour. Metric totals, contacts and messages stay; journey conditions on event history only
          see what is kept.
        </span>
        <div className="row">
          <SaveButton isPending={save.isPending}>Save</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
          {inputError && (
            <span className="alert alert-error" role="alert">
              {inputError}
            </span>
          )}
          {!inputError && save.error && (
            <span className="alert alert-error" role="alert">
              {issueMessages(save.error.data) ?? save.error.message}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
