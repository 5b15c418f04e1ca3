"use client";
// Every key of the workspace: name, prefix, kind and role, when and by whom, last use and its
// state (active, working until a rotation's grace period ends, expired, revoked), with Rotate
// and Revoke for keys that still work.
import { ROLE_LABELS } from "@mailstream/auth/permissions";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";

const dateOnly = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const formatDate = (date: Date) => dateOnly.format(date);
import type { ApiKeyRow } from "./api-keys-types";
import styles from "./api-keys.module.css";

function StateBadge({ row }: { row: ApiKeyRow }) {
  if (row.state === "active") return <span className="badge badge-live">Active</span>;
  if (row.state === "expiring" && row.expiresAt)
    return (
      <span className={styles.stateCell}>
        <span className="badge badge-paused">Expiring</span>
        <span className="hint" title={formatDateTime(new Date(row.expiresAt))}>
          stops {formatRelativeTime(new Date(row.expiresAt))}
        </span>
      </span>
    );
  if (row.state === "expired") return <span className="badge badge-draft">Expired</span>;
  return <span className="badge badge-failed">Revoked</span>;
}

export function ApiKeysTable(props: {
  keys: ApiKeyRow[];
  disabled: boolean;
  onRotate: (row: ApiKeyRow) => void;
  onRevoke: (row: ApiKeyRow) => void;
}) {
  if (props.keys.length === 0) return <p className="muted">No API keys yet.</p>;
  return (
    <div className={styles.tableScroll}>
      <table className="table" data-testid="api-keys-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Kind and role</th>
            <th>Created</th>
            <th>Last used</th>
            <th>Status</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.keys.map((row) => {
            const isUsable = row.state === "active" || row.state === "expiring";
            return (
              <tr key={row.id} data-testid="api-key-row" data-key-id={row.id}>
                <td>{row.name}</td>
                <td className={`mono ${styles.nowrap}`}>{row.keyPrefix}…</td>
                <td className={styles.nowrap}>
                  {row.kind === "write" ? "Write" : `Secret · ${ROLE_LABELS[row.role]}`}
                </td>
                <td className="muted">
                  <span className={styles.nowrap}>{formatDate(new Date(row.createdAt))}</span>
                  {row.createdBy && <div className="hint">by {row.createdBy.name || row.createdBy.email}</div>}
                </td>
                <td className="muted">{row.lastUsedAt ? formatRelativeTime(new Date(row.lastUsedAt)) : "Never"}</td>
                <td>
                  <StateBadge row={row} />
                </td>
                <td>
                  {isUsable && (
                    <div className={styles.actions}>
                      {row.state === "active" && (
                        <RowButton label="Rotate" disabled={props.disabled} onClick={() => props.onRotate(row)} />
                      )}
                      <RowButton label="Revoke" disabled={props.disabled} onClick={() => props.onRevoke(row)} />
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RowButton(props: { label: string; disabled: boolean; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-sm" disabled={props.disabled} onClick={props.onClick}>
      {props.label}
    </button>
  );
}
