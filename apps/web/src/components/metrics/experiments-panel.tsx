"use client";
// Each split node's experiment on a chosen metric (goal / open / click), live: a snapshot
// query, then the `experimentsLive` SSE subscription (one shared poller per filter on the
// server) replaces it on every change — no per-page polling. Declaring records the winner;
// the split then routes later contacts to it. Winners are reported up for the canvas.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { armLabel, ExperimentCard, METRIC_LABELS } from "./experiment-card";
import type { ExperimentView, MetricsRange } from "./metrics-types";
import styles from "./metrics.module.css";

type ExperimentMetric = ExperimentView["metric"];
/** Split node id → its recorded winner, for the canvas badge. */
export type SplitWinners = ReadonlyMap<string, { name: string; source: "manual" | "automatic" }>;

export function ExperimentsPanel(props: {
  journeyId: string;
  versionId: string | null;
  range: MetricsRange;
  /** A custom window (both null = the preset range). */
  from: Date | null;
  to: Date | null;
  nodeLabels: ReadonlyMap<string, string>;
  onWinners?: (winners: SplitWinners) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // null: the server picks (the goal when the journey has one, else click rate) until a person chooses.
  const [metric, setMetric] = useState<ExperimentMetric | null>(null);
  const [confidence, setConfidence] = useState(0.95);
  const [minSample, setMinSample] = useState(100);
  const input = {
    journeyId: props.journeyId,
    versionId: props.versionId,
    range: props.range,
    from: props.from,
    to: props.to,
    metric,
    confidence,
    minSample,
  };
  const options = trpc.metrics.experiments.queryOptions(input);
  const live = useSubscription(
    trpc.metrics.experimentsLive.subscriptionOptions(input, {
      onData: (data) => queryClient.setQueryData(options.queryKey, data),
    }),
  );
  // The live stream is the fast path; a refused or dropped stream (too many open tabs, a
  // restart) must not freeze the panel, so the query also reconciles on its own.
  const experiments = useQuery({ ...options, refetchInterval: live.status === "error" ? 5_000 : 15_000 });
  const declare = useMutation(
    trpc.metrics.declareWinner.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: options.queryKey }),
    }),
  );
  const { onWinners } = props;
  const data = experiments.data;
  useEffect(() => {
    if (!onWinners || !data) return;
    const winners = new Map<string, { name: string; source: "manual" | "automatic" }>();
    for (const exp of data) {
      const winner = exp.winner;
      if (!winner) continue;
      const arm = exp.arms.find((a) => a.arm === winner.variantId);
      winners.set(exp.nodeId, {
        name: arm ? armLabel(arm) : winner.variantId,
        source: winner.source,
      });
    }
    onWinners(winners);
  }, [data, onWinners]);

  if (!data || data.length === 0) return null;
  return (
    <section className="card" aria-label="Experiments">
      <div className="card-header">
        <h2>Experiments</h2>
        <div className="row">
          <label className="faint">
            Metric{" "}
            <select
              value={metric ?? data[0]?.metric ?? "goal_conversion"}
              onChange={(e) => setMetric(e.target.value as ExperimentMetric)}
              aria-label="Experiment metric"
            >
              {(Object.keys(METRIC_LABELS) as ExperimentMetric[]).map((m) => (
                <option key={m} value={m}>
                  {METRIC_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
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
              className={styles.narrowInput}
              aria-label="Minimum sample per variant"
            />
          </label>
        </div>
      </div>
      <p className="faint">
        Winners come from an always-valid sequential test: checking as often as you like keeps the chance of declaring a
        winner between equal variants below 1 − confidence.
      </p>
      {data.map((exp) => (
        <ExperimentCard
          key={exp.nodeId}
          exp={exp}
          label={props.nodeLabels.get(exp.nodeId) ?? exp.nodeId}
          canDeclare={!declare.isPending}
          onDeclare={(variantId) => declare.mutate({ ...input, nodeId: exp.nodeId, variantId })}
        />
      ))}
      {declare.error ? <p className="error">{declare.error.message}</p> : null}
    </section>
  );
}
