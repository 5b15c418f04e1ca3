"use client";
// One split's experiment: arms, named by the email each sends, side by side on the chosen
// metric (rate with its 95% Wilson interval, P(best) or "not enough data", guardrails), hold-out lift on the goal, the sequential test's verdict with its
// always-valid p-value, the recorded winner (who, when, on what numbers) and what it routes.
import { formatCount } from "@/components/ui/format";
import { downloadCsv } from "./csv";
import type { ExperimentView } from "./metrics-types";
import { formatRate } from "./rates";
import styles from "./metrics.module.css";

export const METRIC_LABELS = {
  goal_conversion: "Goal conversion",
  open_rate: "Open rate",
  click_rate: "Click rate",
} as const;
/** Mirrors MIN_SUCCESSES_FOR_P_BEST in packages/core/src/experiments/experiment-eval.ts (docs: metrics-and-experiments.md). */
const MIN_SUCCESSES_FOR_P_BEST = 5;
const SUCCESS_LABELS = { goal_conversion: "Converted", open_rate: "Opened", click_rate: "Clicked" } as const;

type ArmView = ExperimentView["arms"][number];

/** The arm as a marketer knows it: its email's template (and subject), the variant's own name after. */
function ArmName({ arm }: { arm: ArmView }) {
  const email = arm.email;
  if (!email?.templateName) return <>{arm.name}</>;
  return (
    <>
      <span className={styles.armTemplate}>{email.templateName}</span> <span className="faint">({arm.name})</span>
      {email.subject ? <div className={`faint ${styles.armSubject}`}>Subject: {email.subject}</div> : null}
    </>
  );
}

/** P(best) once the data says something; the hold-out is the baseline. */
function pBestText(arm: ArmView): string {
  if (arm.arm === "holdout") return "baseline";
  return arm.probabilityBest === null ? "not enough data" : formatRate(arm.probabilityBest);
}

function WinnerNote({ exp }: { exp: ExperimentView }) {
  const winner = exp.winner;
  if (!winner) return null;
  const arm = exp.arms.find((a) => a.arm === winner.variantId);
  const name = arm ? armLabel(arm) : winner.variantId;
  const holdout = exp.arms.find((a) => a.arm === "holdout");
  return (
    <div className={styles.winner} data-testid={`winner-${exp.nodeId}`}>
      <strong>Winner: {name}</strong> — declared {winner.source === "automatic" ? "automatically" : "by a person"} (
      {winner.declaredBy ?? "unknown"}) on {new Date(winner.declaredAt).toLocaleString()}, on{" "}
      {METRIC_LABELS[winner.metric as keyof typeof METRIC_LABELS] ?? winner.metric} at {formatRate(winner.confidence)}{" "}
      confidence
      {winner.stats
        ? `, always-valid p = ${winner.stats.pValue.toPrecision(2)} (${winner.stats.arms
            .filter((a) => a.arm !== "holdout")
            .map((a) => `${a.arm}: ${a.successes}/${a.trials}`)
            .join(", ")})`
        : ""}
      .
      <div className="faint">
        Contacts reaching this split now go to {name}
        {holdout ? "; the hold-out is still held out, so the lift stays measurable" : ""}.
      </div>
    </div>
  );
}

/** One line naming an arm (the winner note, the canvas badge). */
export function armLabel(arm: ArmView): string {
  return arm.email?.templateName ? `${arm.email.templateName} (${arm.name})` : arm.name;
}

export function ExperimentCard(props: {
  exp: ExperimentView;
  label: string;
  canDeclare: boolean;
  onDeclare: (variantId: string) => void;
}) {
  const { exp } = props;
  const success = SUCCESS_LABELS[exp.metric];
  const isGoal = exp.metric === "goal_conversion";
  const auto = exp.autoWinner;
  return (
    <div className={styles.experiment} data-testid={`experiment-${exp.nodeId}`}>
      <h3>
        {props.label} <span className="faint">{exp.goal ? `goal: “${exp.goal.event}”` : "no goal set"}</span>
      </h3>
      <p className="faint" data-testid={`auto-winner-${exp.nodeId}`}>
        {auto
          ? `Automatic winner on: ${METRIC_LABELS[auto.metric]} at ${formatRate(auto.confidence)} confidence, at least ${formatCount(auto.minSamplePerArm)} per variant, guardrails ${auto.guardrails.mode === "relative" ? `within +${Math.round(auto.guardrails.maxIncrease * 100)}% of the other variants` : `unsubscribes ≤ ${formatRate(auto.guardrails.maxUnsubscribeRate, 2)}, complaints ≤ ${formatRate(auto.guardrails.maxComplaintRate, 2)}`}.`
          : "Automatic winner off (set it on the split node in the editor)."}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Variant</th>
            <th className="num">{isGoal ? "Contacts" : "Reached"}</th>
            <th className="num">{success}</th>
            <th className="num">{METRIC_LABELS[exp.metric]} (95% interval)</th>
            <th className="num">P(best)</th>
            <th className="num">Unsubscribe rate</th>
            <th className="num">Complaint rate</th>
          </tr>
        </thead>
        <tbody>
          {exp.arms.map((arm) => (
            <tr key={arm.arm} data-testid={`arm-${exp.nodeId}-${arm.arm}`}>
              <td>
                <ArmName arm={arm} />
                {exp.winner?.variantId === arm.arm ? <span className="badge badge-live"> winner</span> : null}
              </td>
              <td className="num">{formatCount(arm.trials)}</td>
              <td className="num">{formatCount(arm.successes)}</td>
              <td className="num" data-testid={`arm-rate-${arm.arm}`}>
                {formatRate(arm.rate)}{" "}
                <span className="faint">
                  ({formatRate(arm.low)}–{formatRate(arm.high)})
                </span>
              </td>
              <td
                className={`num ${arm.probabilityBest === null && arm.arm !== "holdout" ? "faint" : ""}`}
                data-testid={`arm-pbest-${arm.arm}`}
                title={
                  arm.probabilityBest === null && arm.arm !== "holdout"
                    ? `Shown once the variants have ${MIN_SUCCESSES_FOR_P_BEST} ${success.toLowerCase()} between them`
                    : undefined
                }
              >
                {pBestText(arm)}
              </td>
              {arm.guardrails.length === 0
                ? [
                    <td key="u" className="num">
                      {formatRate(arm.sent > 0 ? arm.unsubscribeRate : null, 2)}
                    </td>,
                    <td key="c" className="num">
                      {formatRate(arm.sent > 0 ? arm.complaintRate : null, 2)}
                    </td>,
                  ]
                : arm.guardrails.map((g) => (
                    <td
                      key={g.metric}
                      className={`num ${g.isOk ? "" : styles.bad}`}
                      title={`Limit ${formatRate(g.limit, 2)} (other variants ${formatRate(g.othersRate, 2)})`}
                    >
                      {formatRate(arm.sent > 0 ? g.winnerRate : null, 2)}
                    </td>
                  ))}
            </tr>
          ))}
        </tbody>
      </table>
      {exp.holdout ? (
        <p data-testid={`holdout-lift-${exp.nodeId}`}>
          Hold-out lift on the goal:{" "}
          <strong>
            {exp.holdout.lift === null
              ? "—"
              : `${exp.holdout.lift >= 0 ? "+" : ""}${(exp.holdout.lift * 100).toFixed(1)}%`}
          </strong>{" "}
          <span className="faint">
            ({formatRate(exp.holdout.variantsRate)} with the journey vs {formatRate(exp.holdout.rate)} held out;
            P(journey better) ={" "}
            {exp.holdout.probabilityVariantsBetter === null
              ? "not enough data"
              : formatRate(exp.holdout.probabilityVariantsBetter)}
            )
          </span>
        </p>
      ) : null}
      <WinnerNote exp={exp} />
      <div className="row" data-testid={`recommendation-${exp.nodeId}`}>
        {exp.winner ? null : (
          <>
            <span>{exp.recommendation.reason}</span>
            {exp.recommendation.variantId ? (
              <button
                type="button"
                className="btn btn-primary btn-sm"
                disabled={!props.canDeclare}
                onClick={() => props.onDeclare(exp.recommendation.variantId as string)}
              >
                Declare winner
              </button>
            ) : null}
          </>
        )}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() =>
            downloadCsv(
              `experiment-${exp.nodeId}-${exp.metric}.csv`,
              [
                "Variant",
                "Metric",
                "Trials",
                "Successes",
                "Rate",
                "Interval low",
                "Interval high",
                "P(best)",
                "Contacts",
                "Converted",
                "Sent",
                "Unsubscribed",
                "Complained",
              ],
              exp.arms.map((a) => [
                armLabel(a),
                exp.metric,
                a.trials,
                a.successes,
                a.rate,
                a.low,
                a.high,
                a.probabilityBest,
                a.assigned,
                a.converted,
                a.sent,
                a.unsubscribed,
                a.complained,
              ]),
            )
          }
        >
          Export CSV
        </button>
      </div>
    </div>
  );
}
