"use client";
// Alert and attribution settings: bounce / complaint thresholds (as percentages), the
// sliding window, the minimum volume, auto-pause and the conversion attribution window.
// The server's zod messages name each field; they are shown beside the input they concern.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { AlertSettingsView } from "./metrics-types";
import styles from "./metrics.module.css";
import { SaveButton } from "@/components/ui/save-button";

type Field =
  "bounceRateThreshold" | "complaintRateThreshold" | "alertWindowMinutes" | "alertMinSends" | "attributionWindowHours";
type Draft = Record<Field, string> & { isAutoPauseEnabled: boolean };

const FIELDS: { key: Field; label: string; unit: string; hint: string; isPercent?: boolean; step: string }[] = [
  {
    key: "bounceRateThreshold",
    label: "Bounce rate threshold",
    unit: "%",
    hint: "Alert when bounces / sends in the window exceed this.",
    isPercent: true,
    step: "0.01",
  },
  {
    key: "complaintRateThreshold",
    label: "Complaint rate threshold",
    unit: "%",
    hint: "Alert when spam complaints / sends exceed this.",
    isPercent: true,
    step: "0.001",
  },
  {
    key: "alertWindowMinutes",
    label: "Alert window",
    unit: "minutes",
    hint: "The sliding window the rates cover (5 – 10080).",
    step: "1",
  },
  {
    key: "alertMinSends",
    label: "Minimum sends",
    unit: "sends",
    hint: "Fewer sends than this in the window is noise: no alert.",
    step: "1",
  },
  {
    key: "attributionWindowHours",
    label: "Attribution window",
    unit: "hours",
    hint: "A goal this long after a send counts as that email's conversion.",
    step: "1",
  },
];

// Percent inputs are rounded so 0.3% does not show as 0.30000000000000004.
const toDraft = (s: AlertSettingsView): Draft => ({
  bounceRateThreshold: String(Number((s.bounceRateThreshold * 100).toFixed(4))),
  complaintRateThreshold: String(Number((s.complaintRateThreshold * 100).toFixed(4))),
  alertWindowMinutes: String(s.alertWindowMinutes),
  alertMinSends: String(s.alertMinSends),
  attributionWindowHours: String(s.attributionWindowHours),
  isAutoPauseEnabled: s.isAutoPauseEnabled,
});

/** Empty → NaN on purpose: the server then answers "<field> must be a number". */
const toNumber = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export function AlertSettingsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.metrics.alertSettings.queryOptions());
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useMutation(
    trpc.metrics.updateAlertSettings.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.metrics.alertSettings.queryKey(), saved);
        setDraft(toDraft(saved));
      },
    }),
  );
  const check = useMutation(
    trpc.metrics.checkAlerts.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.metrics.alerts.queryKey() }),
    }),
  );
  useEffect(() => {
    if (settings.data && !draft) setDraft(toDraft(settings.data));
  }, [settings.data, draft]);

  const issues =
    (save.error?.data as { zodIssues?: { path: (string | number)[]; message: string }[] | null } | undefined)
      ?.zodIssues ?? [];
  const errorFor = (key: string) =>
    issues
      .filter((i) => i.path[0] === key)
      .map((i) => i.message)
      .join("; ");

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const number = (key: Field, isPercent?: boolean) => (isPercent ? toNumber(draft[key]) / 100 : toNumber(draft[key]));
    save.mutate({
      bounceRateThreshold: number("bounceRateThreshold", true),
      complaintRateThreshold: number("complaintRateThreshold", true),
      alertWindowMinutes: number("alertWindowMinutes"),
      alertMinSends: number("alertMinSends"),
      attributionWindowHours: number("attributionWindowHours"),
      isAutoPauseEnabled: draft.isAutoPauseEnabled,
    });
  }

  return (
    <section className="card" aria-labelledby="alert-settings-title">
      <div className="card-header">
        <h2 id="alert-settings-title">Alert settings</h2>
        <span className="faint">Checked every 30 s by the dispatcher</span>
      </div>
      {!draft ? (
        <p className={`faint ${styles.cardInset}`}>Loading…</p>
      ) : (
        <form onSubmit={onSubmit} data-testid="alert-settings" noValidate>
          <div className={styles.settings}>
            {FIELDS.map((f) => {
              const error = errorFor(f.key);
              return (
                <div className="field" key={f.key}>
                  <label htmlFor={`alert-${f.key}`}>
                    {f.label} ({f.unit})
                  </label>
                  <input
                    id={`alert-${f.key}`}
                    className="input"
                    type="number"
                    step={f.step}
                    value={draft[f.key]}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`alert-${f.key}-hint`}
                    onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                  />
                  {error ? (
                    <span className={styles.fieldError} role="alert" data-testid={`alert-error-${f.key}`}>
                      {error}
                    </span>
                  ) : (
                    <span className="hint" id={`alert-${f.key}-hint`}>
                      {f.hint}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
          <div className={`stack ${styles.cardInsetBottom}`}>
            <label className="row">
              <input
                type="checkbox"
                checked={draft.isAutoPauseEnabled}
                onChange={(e) => setDraft({ ...draft, isAutoPauseEnabled: e.target.checked })}
                data-testid="auto-pause"
              />
              <span>
                Auto-pause: a journey alert pauses that journey; a recipient-domain alert (which spans journeys) pauses
                each live journey whose own sends to that domain in the window are above the threshold. Off: alerts are
                shown, nothing pauses.
              </span>
            </label>
            <div className="row">
              <SaveButton isPending={save.isPending}>Save</SaveButton>
              <button type="button" className="btn" disabled={check.isPending} onClick={() => check.mutate()}>
                {check.isPending ? "Checking…" : "Check now"}
              </button>
              {save.isSuccess && !save.isPending ? <span className="alert alert-success">Saved</span> : null}
              {save.error && issues.length === 0 ? (
                <span className="alert alert-error">{save.error.message}</span>
              ) : null}
              {save.error && issues.length > 0 ? (
                <span className="alert alert-error">Nothing saved: fix the fields marked above.</span>
              ) : null}
              {check.data ? (
                <span className="faint">
                  {check.data.length === 0 ? "No new alerts." : `${check.data.length} new alert(s).`}
                </span>
              ) : null}
              {check.error ? <span className="alert alert-error">{check.error.message}</span> : null}
            </div>
          </div>
        </form>
      )}
    </section>
  );
}
