"use client";
// Each split node's variants side by side: goal conversion with 95% intervals, probability
// best, guardrails, hold-out lift, the winner recommendation and its declaration.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../../trpc/client";
import { formatCount } from "../ui/format";
import { downloadCsv } from "./csv";
import type { MetricsRange } from "./metrics-types";
import { formatRate } from "./rates";

export function ExperimentsPanel(props: { journeyId: string; versionId: string | null; range: MetricsRange; nodeLabels: ReadonlyMap<string, string> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confidence, setConfidence] = useState(0.95);
  const [minSample, setMinSample] = useState(100);
  const input = { journeyId: props.journeyId, versionId: props.versionId, range: props.range, confidence, minSample };
  const options = trpc.metrics.experiments.queryOptions(input);
  // Heavier than the flow numbers (it joins goal events), so it refreshes every 5 s instead of riding the live stream.
  const experiments = useQuery({ ...options, refetchInterval: 5000 });
  const declare = useMutation(
    trpc.metrics.declareWinner.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: options.queryKey }) }),
  );
  if (!experiments.data || experiments.data.length === 0) return null;
  return (
    <section className="card" aria-label="Experiments">
      <div className="card-header">
        <h2>Experiments</h2>
        <div className="row">
          <label className="faint">
            Confidence{" "}
            <select value={confidence} onChange={(e) => setConfidence(Number(e.target.value))} aria-label="Confidence">
              {[0.9, 0.95, 0.99].map((c) => (
                <option key={c} value={c}>
                  {c * 100}%
                </option>
              ))}
            </select>
          </label>
          <label className="faint">
            Min. per variant{" "}
            <input
              type="number"
              min={1}
              value={minSample}
              onChange={(e) => setMinSample(Math.max(1, Number(e.target.value) || 1))}
              style={{ width: 80 }}
              aria-label="Minimum sample per variant"
            />
          </label>
        </div>
      </div>
      {experiments.data.map((exp) => (
        <div key={exp.nodeId} className="mx-experiment" data-testid={`experiment-${exp.nodeId}`}>
          <h3>
            {props.nodeLabels.get(exp.nodeId) ?? exp.nodeId}{" "}
            <span className="faint">{exp.goal ? `goal: “${exp.goal.event}”` : "no goal set"}</span>
          </h3>
          <table className="table">
            <thead>
              <tr>
                <th>Variant</th>
                <th className="num">Contacts</th>
                <th className="num">Converted</th>
                <th className="num">Rate (95% interval)</th>
                <th className="num">P(best)</th>
                <th className="num">Unsubscribe rate</th>
                <th className="num">Complaint rate</th>
              </tr>
            </thead>
            <tbody>
              {exp.arms.map((arm) => (
                <tr key={arm.arm} data-testid={`arm-${exp.nodeId}-${arm.arm}`}>
                  <td>
                    {arm.name}
                    {exp.winner?.variantId === arm.arm ? <span className="badge badge-live"> winner</span> : null}
                  </td>
                  <td className="num">{formatCount(arm.assigned)}</td>
                  <td className="num">{formatCount(arm.converted)}</td>
                  <td className="num" data-testid={`arm-rate-${arm.arm}`}>
                    {formatRate(arm.rate)} <span className="faint">({formatRate(arm.low)}–{formatRate(arm.high)})</span>
                  </td>
                  <td className="num" data-testid={`arm-pbest-${arm.arm}`}>
                    {arm.probabilityBest === null ? "baseline" : formatRate(arm.probabilityBest)}
                  </td>
                  <td className={`num ${arm.isGuardrailOk ? "" : "mx-bad"}`}>{formatRate(arm.sent > 0 ? arm.unsubscribeRate : null, 2)}</td>
                  <td className={`num ${arm.isGuardrailOk ? "" : "mx-bad"}`}>{formatRate(arm.sent > 0 ? arm.complaintRate : null, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {exp.holdout ? (
            <p data-testid={`holdout-lift-${exp.nodeId}`}>
              Hold-out lift on the goal:{" "}
              <strong>{exp.holdout.lift === null ? "—" : `${exp.holdout.lift >= 0 ? "+" : ""}${(exp.holdout.lift * 100).toFixed(1)}%`}</strong>{" "}
              <span className="faint">
                ({formatRate(exp.holdout.variantsRate)} with the journey vs {formatRate(exp.holdout.rate)} held out; P(journey better) ={" "}
                {formatRate(exp.holdout.probabilityVariantsBetter)})
              </span>
            </p>
          ) : null}
          <div className="row" data-testid={`recommendation-${exp.nodeId}`}>
            {exp.winner ? (
              <span>
                Winner declared: <strong>{exp.arms.find((a) => a.arm === exp.winner?.variantId)?.name ?? exp.winner.variantId}</strong> on{" "}
                {new Date(exp.winner.declaredAt).toLocaleString()} (P(best) {formatRate(exp.winner.probabilityBest)}).
              </span>
            ) : (
              <>
                <span>{exp.recommendation.reason}</span>
                {exp.recommendation.variantId ? (
                  <button
                    type="button"
                    className="btn btn-primary btn-sm"
                    disabled={declare.isPending}
                    onClick={() => declare.mutate({ ...input, nodeId: exp.nodeId, variantId: exp.recommendation.variantId as string })}
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
                  `experiment-${exp.nodeId}.csv`,
                  ["Variant", "Contacts", "Converted", "Rate", "Interval low", "Interval high", "P(best)", "Sent", "Unsubscribed", "Complained"],
                  exp.arms.map((a) => [a.name, a.assigned, a.converted, a.rate, a.low, a.high, a.probabilityBest, a.sent, a.unsubscribed, a.complained]),
                )
              }
            >
              Export CSV
            </button>
          </div>
          {declare.error ? <p className="error">{declare.error.message}</p> : null}
        </div>
      ))}
    </section>
  );
}
