"use client";
// A staggered A/B/n broadcast's report: the test's state (each variant's rate with its 95%
// interval and P(best), the leader and the sequential test's verdict, as the journey split panel
// shows them), the decision and why (a winner by the test with its figures, the fallback, or a
// stop), and the funnel per variant with the test phase and the rest (the winner's phase) apart.
import { formatCount, formatDateTime } from "@/components/ui/format";
import type { AppRouter } from "@mailstream/api";
import type { inferRouterOutputs } from "@trpc/server";
import { BROADCAST_FUNNEL } from "./broadcast-status";
import styles from "./broadcasts.module.css";

type Progress = inferRouterOutputs<AppRouter>["broadcasts"]["progress"];

const METRIC_LABELS = { goal_conversion: "goal conversion", open_rate: "open rate", click_rate: "click rate" } as const;
const PHASES: Record<string, string> = { test: "Test", winner: "Rest (winner)", main: "All" };
/** Mirrors MIN_SUCCESSES_FOR_P_BEST in packages/core/src/experiments/experiment-eval.ts. */
const MIN_SUCCESSES_FOR_P_BEST = 5;

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`;

function DecisionNote({ test }: { test: NonNullable<Progress["test"]> }) {
  const decision = test.decision;
  if (!decision) {
    return (
      <p data-testid="ab-state">
        <strong>Testing</strong>
        {test.endsAt ? ` until ${formatDateTime(new Date(test.endsAt))} at the latest` : " — the sample is going out"}
        {test.leaderKey ? ` · leading: variant ${test.leaderKey}` : ""}. <span className="muted">{test.verdict}</span>
      </p>
    );
  }
  const headline =
    decision.outcome === "winner"
      ? `Winner: variant ${decision.variantKey}${decision.isEarly ? " (before the deadline)" : ""}`
      : decision.outcome === "fallback"
        ? `No winner — fallback: variant ${decision.variantKey} went to the rest`
        : "No winner — stopped: the rest got nothing";
  return (
    <div data-testid="ab-decision">
      <p>
        <strong>{headline}</strong>{" "}
        <span className="muted">· decided {formatDateTime(new Date(decision.decidedAt))}</span>
      </p>
      <p className="muted">
        {decision.reason}
        {decision.stats
          ? ` Figures: ${decision.stats.arms.map((a) => `${a.successes}/${a.trials}`).join(" vs ")}.`
          : ""}
      </p>
    </div>
  );
}

export function BroadcastAbReport({ progress }: { progress: Progress }) {
  const test = progress.test;
  if (!test) return null;
  const successes = test.arms.reduce((sum, arm) => sum + arm.successes, 0);
  // With no success anywhere every variant ties: naming a "leader" would be noise.
  const leaderKey = successes > 0 ? test.leaderKey : null;
  return (
    <>
      <section className="card" data-testid="broadcast-ab-report">
        <div className="card-header">
          <h2>
            Variant test · {METRIC_LABELS[test.metric]}
            {test.confidence ? ` at ${pct(test.confidence)} confidence` : ""}
          </h2>
        </div>
        <div className="card-body stack">
          <DecisionNote test={{ ...test, leaderKey }} />
          <table className="table">
            <thead>
              <tr>
                <th>Variant</th>
                <th className="num">In the test</th>
                <th className="num">Successes</th>
                <th className="num">Rate (95% interval)</th>
                <th className="num">P(best)</th>
                <th>Guardrails</th>
              </tr>
            </thead>
            <tbody>
              {test.arms.map((arm) => (
                <tr key={arm.variantKey} data-testid={`ab-arm-${arm.variantKey}`}>
                  <td>
                    {arm.variantKey}
                    {leaderKey === arm.variantKey ? <span className="badge badge-live"> leading</span> : null}
                  </td>
                  <td className="num">{formatCount(arm.trials)}</td>
                  <td className="num">{formatCount(arm.successes)}</td>
                  <td className="num">
                    {pct(arm.rate)}{" "}
                    <span className="faint">
                      ({pct(arm.low)}–{pct(arm.high)})
                    </span>
                  </td>
                  <td className={`num ${arm.probabilityBest === null ? "faint" : ""}`}>
                    {arm.probabilityBest === null ? "not enough data" : pct(arm.probabilityBest)}
                  </td>
                  <td>{arm.isGuardrailOk ? "pass" : "fails"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {successes < MIN_SUCCESSES_FOR_P_BEST ? (
            <p className="faint">
              P(best) shows once the variants have {MIN_SUCCESSES_FOR_P_BEST} successes between them.
            </p>
          ) : null}
        </div>
      </section>

      <section className="card">
        <div className="card-header">
          <h2>Funnel per variant</h2>
        </div>
        <div className={styles.scroll}>
          <table className="table" data-testid="broadcast-variant-funnel">
            <thead>
              <tr>
                <th>Phase</th>
                <th>Variant</th>
                <th className="num">Recipients</th>
                <th className="num">Waiting</th>
                {BROADCAST_FUNNEL.map((step) => (
                  <th key={step} className="num">
                    {step}
                  </th>
                ))}
                <th className="num">skipped</th>
              </tr>
            </thead>
            <tbody>
              {progress.variants.map((row) => (
                <tr
                  key={`${row.phase}:${row.variantKey ?? "-"}`}
                  data-testid={`funnel-${row.phase}-${row.variantKey ?? "undecided"}`}
                >
                  <td>{PHASES[row.phase] ?? row.phase}</td>
                  <td>{row.variantKey ?? <span className="faint">awaiting the decision</span>}</td>
                  <td className="num">{formatCount(row.recipients)}</td>
                  <td className="num">{formatCount(row.pending)}</td>
                  {BROADCAST_FUNNEL.map((step) => {
                    const value = row[step];
                    return (
                      <td
                        key={step}
                        className={value === null ? "num faint" : "num"}
                        data-testid={`funnel-${row.phase}-${row.variantKey ?? "undecided"}-${step}`}
                      >
                        {value === null ? "no goal" : formatCount(value)}
                      </td>
                    );
                  })}
                  <td className="num">{formatCount(row.skipped)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
