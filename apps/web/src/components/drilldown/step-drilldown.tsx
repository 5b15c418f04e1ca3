"use client";
// Who is at a step of a live journey now, and acting on them: the panel the metrics page opens
// for a step clicked on its canvas or in its steps table. A searchable, paged list (from the
// runs' bookkeeping, via runs.atStep) with how long each contact has stood there and when a
// pause ends; pick contacts (or every one matching, confirmed with the count) and end their
// runs, continue them now (skip the wait) or move them to another step. Each action is a
// signal the run's workflow applies and writes to its step log (runs.act).
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/trpc/client";
import { useCan } from "@/components/shell/permissions";
import { PauseEnd } from "@/components/runs/current-step";
import { formatCount } from "@/components/ui/format";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import danger from "@/components/ui/danger.module.css";
import styles from "./drilldown.module.css";
import { formatElapsed } from "./elapsed";

const PAGE = 50;
const WAIT_KINDS = new Set(["wait"]);

export interface DrilldownStep {
  id: string;
  label: string;
  kind: string;
}

type Action = "continue" | "move" | "end";
const ACTION_LABELS: Record<Action, string> = { continue: "Continue now", move: "Move", end: "End run" };

export function StepDrilldown(props: {
  journeyId: string;
  versionId?: string | undefined;
  step: DrilldownStep;
  /** Steps of the version a run may be moved to (the trigger and notes left out by the caller). */
  steps: readonly DrilldownStep[];
  onClose: () => void;
}) {
  const { journeyId, versionId, step } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan("runs:manage");
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [moveTo, setMoveTo] = useState("");
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const input = { journeyId, nodeId: step.id, versionId, search: debounced || undefined, limit: PAGE };
  const list = useInfiniteQuery(
    trpc.runs.atStep.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor,
      refetchInterval: 5_000,
    }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const chosenCount = allMatching ? total : picked.size;

  const act = useMutation(
    trpc.runs.act.mutationOptions({
      onSuccess: (result, variables) => {
        const moved = result.notAtStep > 0 ? ` ${formatCount(result.notAtStep)} had already moved on.` : "";
        setNotice(`${ACTION_LABELS[variables.action]}: ${formatCount(result.signalled)} runs signalled.${moved}`);
        setPicked(new Set());
        setAllMatching(false);
        setConfirming(null);
        return queryClient.invalidateQueries({ queryKey: trpc.runs.atStep.pathKey() });
      },
    }),
  );

  function run(action: Action) {
    setNotice(null);
    act.mutate({
      journeyId,
      nodeId: step.id,
      action,
      ...(action === "move" ? { toNodeId: moveTo } : {}),
      ...(allMatching
        ? { allMatching: { search: debounced || undefined, versionId, confirmedCount: total } }
        : { runIds: [...picked] }),
    });
  }

  function toggle(runId: string) {
    setAllMatching(false);
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });
  }

  const isWait = WAIT_KINDS.has(step.kind);
  const targets = props.steps.filter((candidate) => candidate.id !== step.id);
  return (
    <section className="card" data-testid="step-drilldown" aria-label={`Contacts at ${step.label}`}>
      <div className="card-header">
        <h2>At “{step.label}” now</h2>
        <span className="faint" data-testid="drilldown-total">
          {list.isPending ? "…" : `${formatCount(total)} ${total === 1 ? "contact" : "contacts"}`}
        </span>
        <button type="button" className="btn" onClick={props.onClose}>
          Close
        </button>
      </div>
      <div className={styles.toolbar}>
        <input
          className={`input ${styles.search}`}
          type="search"
          placeholder="Search email or external id"
          aria-label="Search contacts at this step"
          value={search}
          maxLength={200}
          onChange={(event) => {
            setSearch(event.target.value);
            setPicked(new Set());
            setAllMatching(false);
          }}
        />
        {canManage ? (
          <div className={styles.actions} data-testid="drilldown-actions">
            <span className="faint">{formatCount(chosenCount)} chosen</span>
            {total > 0 ? (
              <button type="button" className="btn" onClick={() => setAllMatching(true)} disabled={allMatching}>
                Choose all {formatCount(total)} matching
              </button>
            ) : null}
            {isWait ? (
              <button
                type="button"
                className="btn"
                disabled={chosenCount === 0}
                onClick={() => setConfirming("continue")}
              >
                Continue now
              </button>
            ) : null}
            <select
              className={`input ${styles.moveTo}`}
              aria-label="Step to move to"
              value={moveTo}
              onChange={(event) => setMoveTo(event.target.value)}
            >
              <option value="">Move to…</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {target.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              disabled={chosenCount === 0 || moveTo === ""}
              onClick={() => setConfirming("move")}
            >
              Move
            </button>
            <button
              type="button"
              className={`btn ${danger.danger}`}
              disabled={chosenCount === 0}
              onClick={() => setConfirming("end")}
            >
              End run
            </button>
          </div>
        ) : null}
      </div>
      {confirming ? (
        <div
          className={styles.confirm}
          role="alertdialog"
          aria-label="Confirm the action"
          data-testid="drilldown-confirm"
        >
          <span>
            {ACTION_LABELS[confirming]}
            {confirming === "move" ? ` to “${targets.find((t) => t.id === moveTo)?.label ?? moveTo}”` : ""} for{" "}
            <b>
              {formatCount(chosenCount)} {chosenCount === 1 ? "contact" : "contacts"}
            </b>
            {allMatching ? " (all matching)" : ""}?
          </span>
          <button type="button" className="btn btn-primary" disabled={act.isPending} onClick={() => run(confirming)}>
            {act.isPending ? "Signalling…" : "Confirm"}
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : null}
      {act.error ? (
        <p className={styles.error} role="alert">
          {act.error.message}
        </p>
      ) : null}
      {notice ? (
        <p className={styles.notice} role="status" data-testid="drilldown-notice">
          {notice}
        </p>
      ) : null}
      {/* Scrolls sideways in a narrow column (the editor's Live view) rather than cutting "Resumes" off. */}
      <div className={styles.tableScroll}>
        <table className="table" data-testid="drilldown-list">
          <thead>
            <tr>
              {canManage ? <th aria-label="Choose" /> : null}
              <th>Contact</th>
              <th>Version</th>
              <th>Here for</th>
              <th>Resumes</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const who = item.contactEmail ?? item.contactUserId ?? item.contactId;
              return (
                <tr key={item.id} data-testid="drilldown-row" data-run-id={item.id}>
                  {canManage ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Choose ${who}`}
                        checked={allMatching || picked.has(item.id)}
                        onChange={() => toggle(item.id)}
                      />
                    </td>
                  ) : null}
                  <td>
                    <Link href={`/runs/${item.id}`}>{who}</Link>
                    {item.contactEmail && item.contactUserId ? (
                      <span className="faint"> · {item.contactUserId}</span>
                    ) : null}
                  </td>
                  <td>v{item.version}</td>
                  <td>{item.atStepSince ? formatElapsed(item.atStepSince) : "—"}</td>
                  <td className="faint">
                    {item.resumesAt || item.waitingFor ? (
                      <PauseEnd step={{ resumesAt: item.resumesAt, waitingFor: item.waitingFor }} />
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
            {items.length === 0 && !list.isPending ? (
              <tr>
                <td colSpan={canManage ? 5 : 4} className="muted">
                  {debounced ? "No contact here matches the search." : "No contact is at this step now."}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {list.hasNextPage ? (
        <div className={styles.more}>
          <button type="button" className="btn" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      ) : null}
    </section>
  );
}
