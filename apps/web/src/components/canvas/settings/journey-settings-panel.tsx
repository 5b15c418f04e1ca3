"use client";
// The journey-wide settings, edited beside the canvas and saved with the draft
// (`graph.settings`): conversion goal, exit criteria, quiet hours, frequency cap and the
// time zone for contacts without a `timezone` trait.
import { useId, useMemo, useState } from "react";
import { DEFAULT_JOURNEY_SETTINGS, type EventMatcher, type JourneySettings } from "@mailstream/journey/schema";
import { useCanvasActions, useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import { DurationFields } from "@/components/canvas/inspector/fields/duration-fields";
import { EventMatcherFields } from "@/components/canvas/inspector/fields/event-matcher-fields";
import jc from "@/components/canvas/journey-editor.module.css";
import { IssueList } from "@/components/canvas/problems/issue-list";
import { CheckField } from "@/components/canvas/inspector/fields/check-field";
import { listTimeZones } from "@/components/ui/time-zones";

const NEW_GOAL: NonNullable<JourneySettings["goal"]> = { event: "", filters: [], window: { amount: 7, unit: "days" } };
const NEW_QUIET_HOURS: NonNullable<JourneySettings["quietHours"]> = { start: "21:00", end: "08:00" };
const NEW_FREQUENCY_CAP: NonNullable<JourneySettings["frequencyCap"]> = {
  maxEmails: 3,
  period: { amount: 7, unit: "days" },
};

export function JourneySettingsPanel() {
  const id = useId();
  const settings = useCanvasStore((s) => s.settings) ?? DEFAULT_JOURNEY_SETTINGS;
  // Journey-wide problems (no node), shown at the top of the panel.
  const issues = useCanvasStore((s) => s.journeyIssues);
  const { updateSettings, showPanel } = useCanvasActions();
  const set = (patch: Partial<JourneySettings>) => updateSettings({ ...settings, ...patch });
  const zones = useMemo(() => listTimeZones(settings.timeZone), [settings.timeZone]);
  const setCriterion = (index: number, next: EventMatcher) =>
    set({ exitCriteria: settings.exitCriteria.map((c, i) => (i === index ? next : c)) });

  return (
    <section className={jc.inspector} aria-label="Journey settings">
      <header className={`${jc.inspectorHeader} ${jc.inspectorHeaderSpread}`}>
        <h2 className={jc.inspectorTitle}>Journey settings</h2>
        <button
          type="button"
          className={jc.iconButton}
          aria-label="Close settings"
          title="Close"
          onClick={() => showPanel("inspector")}
        >
          ×
        </button>
      </header>
      <IssueList issues={issues} />
      <div className={jc.form}>
        <fieldset className={`${jc.fieldset} ${jc.settingsSection}`}>
          <legend>Conversion goal</legend>
          <CheckField checked={settings.goal !== null} onCheck={(checked) => set({ goal: checked ? NEW_GOAL : null })}>
            Track a goal event
          </CheckField>
          {settings.goal && (
            <>
              <EventMatcherFields
                idPrefix={`${id}-goal`}
                name="Goal"
                value={settings.goal}
                placeholder="order_completed"
                onChange={(matcher) => set({ goal: { ...matcher, window: settings.goal?.window ?? NEW_GOAL.window } })}
              />
              <DurationFields
                idPrefix={`${id}-goal-window`}
                label="Goal window"
                unitLabel="Goal window unit"
                value={settings.goal.window}
                onChange={(window) => settings.goal && set({ goal: { ...settings.goal, window } })}
              />
            </>
          )}
          <p className={jc.help}>
            A contact who performs the goal within the window after entering counts as converted and leaves the journey.
          </p>
        </fieldset>

        <fieldset className={`${jc.fieldset} ${jc.settingsSection}`}>
          <legend>Exit criteria</legend>
          {settings.exitCriteria.length === 0 && (
            <p className={jc.help}>None: contacts leave only at an Exit step or the end of a path.</p>
          )}
          {settings.exitCriteria.map((criterion, index) => (
            <div key={`${index}:${settings.exitCriteria.length}`} className={`${jc.group} ${jc.form}`}>
              <EventMatcherFields
                idPrefix={`${id}-exit-${index}`}
                name={`Exit criterion ${index + 1}`}
                value={criterion}
                placeholder="unsubscribed"
                onChange={(next) => setCriterion(index, next)}
              />
              <button
                type="button"
                className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall} ${jc.selfStart}`}
                onClick={() => set({ exitCriteria: settings.exitCriteria.filter((_, i) => i !== index) })}
              >
                Remove exit criterion {index + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className={`nodrag ${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
            onClick={() => set({ exitCriteria: [...settings.exitCriteria, { event: "", filters: [] }] })}
          >
            + Add exit criterion
          </button>
          <p className={jc.help}>When a contact performs one of these events, their run stops wherever it is.</p>
        </fieldset>

        <fieldset className={`${jc.fieldset} ${jc.settingsSection}`}>
          <legend>Quiet hours</legend>
          <CheckField
            checked={settings.quietHours !== null}
            onCheck={(checked) => set({ quietHours: checked ? NEW_QUIET_HOURS : null })}
          >
            Hold emails during quiet hours
          </CheckField>
          {settings.quietHours && (
            <div className={jc.fieldRow}>
              <TimeField
                id={`${id}-quiet-start`}
                label="Quiet from"
                value={settings.quietHours.start}
                onChange={(start) => settings.quietHours && set({ quietHours: { ...settings.quietHours, start } })}
              />
              <TimeField
                id={`${id}-quiet-end`}
                label="Quiet until"
                value={settings.quietHours.end}
                onChange={(end) => settings.quietHours && set({ quietHours: { ...settings.quietHours, end } })}
              />
            </div>
          )}
          <p className={jc.help}>
            In each contact&apos;s time zone; an email due inside the window waits until it ends. Transactional emails
            are exempt.
          </p>
        </fieldset>

        <fieldset className={`${jc.fieldset} ${jc.settingsSection}`}>
          <legend>Frequency cap</legend>
          <CheckField
            checked={settings.frequencyCap !== null}
            onCheck={(checked) => set({ frequencyCap: checked ? NEW_FREQUENCY_CAP : null })}
          >
            Limit emails per contact
          </CheckField>
          {settings.frequencyCap && (
            <FrequencyCapFields
              idPrefix={`${id}-cap`}
              value={settings.frequencyCap}
              onChange={(frequencyCap) => set({ frequencyCap })}
            />
          )}
          <p className={jc.help}>
            Counts emails from every journey. A capped email is deferred until the contact is under the cap, never
            dropped.
          </p>
        </fieldset>

        <div className={`${jc.field} ${jc.settingsSection}`}>
          <label htmlFor={`${id}-zone`}>Fallback time zone</label>
          <select
            id={`${id}-zone`}
            className={`nodrag ${jc.input}`}
            value={settings.timeZone}
            onChange={(e) => set({ timeZone: e.target.value })}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
          <p className={jc.help}>
            For contacts without a <code>timezone</code> trait: time-of-day waits and quiet hours use this zone.
          </p>
        </div>
      </div>
    </section>
  );
}

function TimeField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className={jc.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`nodrag ${jc.input}`}
        type="time"
        value={value}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </div>
  );
}

type FrequencyCap = NonNullable<JourneySettings["frequencyCap"]>;

function FrequencyCapFields({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: FrequencyCap;
  onChange: (v: FrequencyCap) => void;
}) {
  // Typed text is kept locally so a cleared box never stores NaN (as in DurationFields).
  const [maxText, setMaxText] = useState(() => String(value.maxEmails));
  const isValid = Number.isInteger(Number(maxText)) && Number(maxText) >= 1 && maxText.trim() !== "";
  return (
    <>
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-max`}>At most (emails)</label>
        <input
          id={`${idPrefix}-max`}
          className={`nodrag ${jc.input}`}
          type="number"
          min={1}
          step={1}
          value={maxText}
          aria-invalid={!isValid}
          onChange={(e) => {
            setMaxText(e.target.value);
            const n = Number(e.target.value);
            if (e.target.value.trim() !== "" && Number.isInteger(n) && n >= 1) onChange({ ...value, maxEmails: n });
          }}
        />
      </div>
      {!isValid && <p className={jc.fieldError}>Enter a whole number of at least 1.</p>}
      <DurationFields
        idPrefix={`${idPrefix}-period`}
        label="Per"
        unitLabel="Cap period unit"
        value={value.period}
        onChange={(period) => onChange({ ...value, period })}
      />
    </>
  );
}
