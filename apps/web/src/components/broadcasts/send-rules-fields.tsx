"use client";
// The broadcast form's sending rules, applied exactly as a journey applies its own: quiet hours
// in each contact's zone (a contact inside them gets the email when they end) and the frequency
// cap, which counts every email the contact got from any journey or broadcast in the period.
// Off for a new broadcast, as quiet hours are off for a new journey (a "send now" that silently
// waits until morning surprises whoever pressed it); switching it on offers a night to adjust.
import { useMemo, useState } from "react";
import { FormField, TextField } from "@/components/ui/form-field";
import { listTimeZones } from "@/components/ui/time-zones";

/** `timeZone`: for contacts without a zone of their own, as a journey's zone is (absent on older broadcasts: UTC). */
type QuietHours = { start: string; end: string; timeZone?: string };
type FrequencyCap = { maxEmails: number; periodMs: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A night in the contact's zone: the window offered when quiet hours are switched on. */
const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00", timeZone: "UTC" };

export interface SendRules {
  quietHours: QuietHours | null;
  frequencyCap: FrequencyCap | null;
}

/** The rules' state: a new broadcast (no `saved`) has neither quiet hours nor a cap. */
export function useSendRules(saved?: SendRules) {
  const [respectQuietHours, setRespectQuietHours] = useState(saved ? saved.quietHours !== null : false);
  const [quietHours, setQuietHours] = useState<QuietHours>(saved?.quietHours ?? DEFAULT_QUIET_HOURS);
  const [hasCap, setHasCap] = useState(saved ? saved.frequencyCap !== null : false);
  const savedPeriod = saved?.frequencyCap?.periodMs ?? DAY_MS;
  const [capMax, setCapMax] = useState(String(saved?.frequencyCap?.maxEmails ?? 1));
  const [capUnit, setCapUnit] = useState<"hours" | "days">(savedPeriod % DAY_MS === 0 ? "days" : "hours");
  const [capPeriod, setCapPeriod] = useState(String(savedPeriod / (savedPeriod % DAY_MS === 0 ? DAY_MS : HOUR_MS)));
  const value: SendRules = {
    quietHours: respectQuietHours ? quietHours : null,
    frequencyCap: hasCap
      ? { maxEmails: Number(capMax), periodMs: Math.round(Number(capPeriod) * (capUnit === "days" ? DAY_MS : HOUR_MS)) }
      : null,
  };
  const fields = {
    respectQuietHours,
    setRespectQuietHours,
    quietHours,
    setQuietHours,
    hasCap,
    setHasCap,
    capMax,
    setCapMax,
    capPeriod,
    setCapPeriod,
    capUnit,
    setCapUnit,
  };
  return { value, fields };
}

export function SendRulesFields({ fields: f }: { fields: ReturnType<typeof useSendRules>["fields"] }) {
  const zone = f.quietHours.timeZone ?? "UTC";
  const zones = useMemo(() => listTimeZones(zone), [zone]);
  return (
    <section className="card" aria-labelledby="send-rules-title">
      <div className="card-header">
        <h2 id="send-rules-title">Sending rules</h2>
      </div>
      <div className="card-body stack">
        <label className="row">
          <input
            type="checkbox"
            checked={f.respectQuietHours}
            onChange={(e) => f.setRespectQuietHours(e.target.checked)}
            data-testid="respect-quiet-hours"
          />
          <span>Respect quiet hours</span>
        </label>
        {f.respectQuietHours ? (
          <div className="row">
            <TextField
              id="broadcast-quiet-start"
              label="Quiet from"
              type="time"
              value={f.quietHours.start}
              onValue={(start) => f.setQuietHours({ ...f.quietHours, start })}
            />
            <TextField
              id="broadcast-quiet-end"
              label="until"
              type="time"
              value={f.quietHours.end}
              onValue={(end) => f.setQuietHours({ ...f.quietHours, end })}
            />
            <FormField label="for contacts without a zone, in" htmlFor="broadcast-quiet-zone">
              <select
                id="broadcast-quiet-zone"
                className="input"
                value={zone}
                onChange={(e) => f.setQuietHours({ ...f.quietHours, timeZone: e.target.value })}
              >
                {zones.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </FormField>
          </div>
        ) : null}
        <p className="muted" data-testid="quiet-hours-rule">
          {f.respectQuietHours
            ? `No email between ${f.quietHours.start} and ${f.quietHours.end} in each contact's own time zone (${zone} when unknown); a contact inside them gets it when they end, as in journeys.`
            : "Sends at any hour of the contact's day."}
        </p>
        <label className="row">
          <input
            type="checkbox"
            checked={f.hasCap}
            onChange={(e) => f.setHasCap(e.target.checked)}
            data-testid="apply-frequency-cap"
          />
          <span>Apply a frequency cap</span>
        </label>
        {f.hasCap ? (
          <div className="row">
            <TextField
              id="broadcast-cap-max"
              label="At most (emails)"
              type="number"
              min={1}
              max={1000}
              value={f.capMax}
              onValue={f.setCapMax}
            />
            <TextField
              id="broadcast-cap-period"
              label="per"
              type="number"
              min={1}
              value={f.capPeriod}
              onValue={f.setCapPeriod}
            />
            <FormField label="Unit" htmlFor="broadcast-cap-unit">
              <select
                id="broadcast-cap-unit"
                className="input"
                value={f.capUnit}
                onChange={(e) => f.setCapUnit(e.target.value as "hours" | "days")}
              >
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </FormField>
          </div>
        ) : null}
        <p className="muted">
          The cap counts every email the contact received from any journey or broadcast in the period; a capped contact
          gets the broadcast once a slot frees up.
        </p>
      </div>
    </section>
  );
}
