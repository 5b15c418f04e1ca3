"use client";
// The broadcast form's "Test variants first" section (staggered A/B/n): 2–5 variants (subject,
// template, sender name, weight), the sample's share of the audience, the metric (opens, clicks
// or a goal event within a window), how long the test runs, and what happens when no variant
// wins by then (a named variant, or stop). The server checks it all and names the field.
import { TextField, FormField } from "@/components/ui/form-field";
import type { BroadcastDraft, BroadcastView } from "./broadcast-status";
import styles from "./broadcasts.module.css";

const KEYS = ["A", "B", "C", "D", "E"] as const;
const METRICS = { click_rate: "Clicks", open_rate: "Opens", goal_conversion: "A goal event" } as const;

interface VariantDraft {
  templateId: string;
  subject: string;
  senderName: string;
  weight: string;
}

/** The estimate's question for each variant: its template (empty: the broadcast's) and subject. */
export function abTestEstimateVariants(draft: AbTestDraft | null) {
  return (draft?.variants ?? []).map((v) => ({ templateId: v.templateId || null, subject: v.subject.trim() || null }));
}

/** The section's fields as typed (strings, so a half-typed number stays on screen). */
export interface AbTestDraft {
  variants: VariantDraft[];
  samplePercent: string;
  metric: keyof typeof METRICS;
  goalEvent: string;
  goalWindowHours: string;
  durationMinutes: string;
  fallback: string;
  minSamplePerArm: string;
}

const emptyVariant = (weight: number): VariantDraft => ({
  templateId: "",
  subject: "",
  senderName: "",
  weight: String(weight),
});

export function newAbTestDraft(): AbTestDraft {
  return {
    variants: [emptyVariant(50), emptyVariant(50)],
    samplePercent: "10",
    metric: "click_rate",
    goalEvent: "",
    goalWindowHours: "24",
    durationMinutes: "240",
    fallback: "A",
    minSamplePerArm: "100",
  };
}

export function abTestDraftOf(test: BroadcastView["abTest"]): AbTestDraft | null {
  if (!test) return null;
  return {
    variants: test.variants.map((v) => ({
      templateId: v.templateId ?? "",
      subject: v.subject ?? "",
      senderName: v.senderName ?? "",
      weight: String(v.weight),
    })),
    samplePercent: String(test.samplePercent),
    metric: test.metric,
    goalEvent: test.goalEvent ?? "",
    goalWindowHours: String(test.goalWindowHours),
    durationMinutes: String(test.durationMinutes),
    fallback: test.fallback,
    minSamplePerArm: String(test.minSamplePerArm),
  };
}

/**
 * The draft as the API takes it; numbers that do not parse stay NaN so the server names the field.
 * A goal-judged test without its own event judges on the broadcast's goal (one goal per broadcast).
 */
export function abTestInput(draft: AbTestDraft | null, broadcastGoal: string | null): BroadcastDraft["abTest"] {
  if (!draft) return null;
  return {
    variants: draft.variants.map((v) => ({
      templateId: v.templateId || null,
      subject: v.subject.trim() || null,
      senderName: v.senderName.trim() || null,
      weight: Number(v.weight),
    })),
    samplePercent: Number(draft.samplePercent),
    metric: draft.metric,
    goalEvent: draft.goalEvent.trim() || (draft.metric === "goal_conversion" ? broadcastGoal : null),
    goalWindowHours: Number(draft.goalWindowHours),
    durationMinutes: Number(draft.durationMinutes),
    fallback: draft.fallback,
    minSamplePerArm: Number(draft.minSamplePerArm),
  };
}

export function BroadcastAbForm({
  value,
  onChange,
  templates,
}: {
  value: AbTestDraft | null;
  onChange: (next: AbTestDraft | null) => void;
  templates: readonly { id: string; name: string }[];
}) {
  const setVariant = (index: number, patch: Partial<VariantDraft>) =>
    value && onChange({ ...value, variants: value.variants.map((v, i) => (i === index ? { ...v, ...patch } : v)) });
  const keys = KEYS.slice(0, value?.variants.length ?? 0);
  const weightTotal = value?.variants.reduce((sum, v) => sum + (Number(v.weight) || 0), 0) ?? 0;

  return (
    <section className="card" data-testid="broadcast-ab">
      <div className="card-header">
        <h2>
          <label>
            <input
              type="checkbox"
              checked={value !== null}
              onChange={(e) => onChange(e.target.checked ? newAbTestDraft() : null)}
              data-testid="ab-enabled"
            />{" "}
            Test variants first
          </label>
        </h2>
      </div>
      <div className="card-body stack">
        {value === null ? (
          <p className="muted">
            Send 2–5 variants to a sample of the audience, let the same always-valid test the journey splits use pick
            the winner, then send the winner to everyone else.
          </p>
        ) : (
          <>
            <table className="table">
              <thead>
                <tr>
                  <th>Variant</th>
                  <th>Subject (empty: the template&apos;s)</th>
                  <th>Template</th>
                  <th>Sender name</th>
                  <th className="num">Weight %</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {value.variants.map((variant, index) => (
                  <tr key={KEYS[index]}>
                    <td>{KEYS[index]}</td>
                    <td>
                      <input
                        className="input"
                        aria-label={`Variant ${KEYS[index]} subject`}
                        value={variant.subject}
                        maxLength={500}
                        onChange={(e) => setVariant(index, { subject: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        className="input"
                        aria-label={`Variant ${KEYS[index]} template`}
                        value={variant.templateId}
                        onChange={(e) => setVariant(index, { templateId: e.target.value })}
                      >
                        <option value="">The broadcast&apos;s template</option>
                        {templates.map((template) => (
                          <option key={template.id} value={template.id}>
                            {template.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input
                        className="input"
                        aria-label={`Variant ${KEYS[index]} sender name`}
                        value={variant.senderName}
                        maxLength={100}
                        placeholder="As declared"
                        onChange={(e) => setVariant(index, { senderName: e.target.value })}
                      />
                    </td>
                    <td className="num">
                      <input
                        className="input"
                        type="number"
                        min={1}
                        max={99}
                        aria-label={`Variant ${KEYS[index]} weight`}
                        value={variant.weight}
                        onChange={(e) => setVariant(index, { weight: e.target.value })}
                      />
                    </td>
                    <td>
                      {value.variants.length > 2 ? (
                        <button
                          type="button"
                          className="btn"
                          onClick={() => onChange({ ...value, variants: value.variants.filter((_, i) => i !== index) })}
                        >
                          Remove
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className={weightTotal === 100 ? "muted" : "hint"} data-testid="ab-weight-total">
              Weights add up to {weightTotal}%{weightTotal === 100 ? "" : " — they must add up to 100"}.
              {value.variants.length < KEYS.length ? (
                <>
                  {" "}
                  <button
                    type="button"
                    className="btn"
                    onClick={() => onChange({ ...value, variants: [...value.variants, emptyVariant(0)] })}
                  >
                    Add variant
                  </button>
                </>
              ) : null}
            </p>
            <div className={styles.grid}>
              <TextField
                id="ab-sample"
                label="Test sample (% of the audience)"
                type="number"
                min={0.1}
                max={99}
                step="any"
                value={value.samplePercent}
                onValue={(samplePercent) => onChange({ ...value, samplePercent })}
                hint="Split across the variants by weight; everyone else waits for the winner."
              />
              <TextField
                id="ab-duration"
                label="Test duration (minutes)"
                type="number"
                min={1}
                value={value.durationMinutes}
                onValue={(durationMinutes) => onChange({ ...value, durationMinutes })}
                hint="A clear winner may end the test sooner."
              />
              <FormField label="Judge on" htmlFor="ab-metric">
                <select
                  id="ab-metric"
                  className="input"
                  value={value.metric}
                  onChange={(e) => onChange({ ...value, metric: e.target.value as AbTestDraft["metric"] })}
                >
                  {Object.entries(METRICS).map(([metric, label]) => (
                    <option key={metric} value={metric}>
                      {label}
                    </option>
                  ))}
                </select>
              </FormField>
              <FormField
                label="If no variant wins by then"
                htmlFor="ab-fallback"
                hint="Stop sends nothing more; the report says why."
              >
                <select
                  id="ab-fallback"
                  className="input"
                  value={value.fallback}
                  onChange={(e) => onChange({ ...value, fallback: e.target.value })}
                >
                  {keys.map((key) => (
                    <option key={key} value={key}>
                      Send variant {key} to the rest
                    </option>
                  ))}
                  <option value="stop">Stop</option>
                </select>
              </FormField>
              {value.metric === "goal_conversion" ? (
                <>
                  <TextField
                    id="ab-goal-event"
                    label="Goal event"
                    mono
                    value={value.goalEvent}
                    onValue={(goalEvent) => onChange({ ...value, goalEvent })}
                    placeholder="the broadcast's conversion goal"
                    hint="Empty: the broadcast's conversion goal. A broadcast has one goal event."
                  />
                  <TextField
                    id="ab-goal-window"
                    label="Counted within (hours of the send)"
                    type="number"
                    min={1}
                    value={value.goalWindowHours}
                    onValue={(goalWindowHours) => onChange({ ...value, goalWindowHours })}
                  />
                </>
              ) : null}
              <TextField
                id="ab-min-sample"
                label="Minimum contacts per variant"
                type="number"
                min={1}
                value={value.minSamplePerArm}
                onValue={(minSamplePerArm) => onChange({ ...value, minSamplePerArm })}
                hint="No winner is declared before each variant has this many (as the journey splits' automatic winner)."
              />
            </div>
          </>
        )}
      </div>
    </section>
  );
}
