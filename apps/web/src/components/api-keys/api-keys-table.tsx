"use client";
// Every key of the workspace: name, kind, prefix, role, who made it, when, last use and its
// state (active, working until a rotation's grace period ends, expired, revoked), with Rotate
// and Revoke for keys that still work.
import { ROLE_LABELS } from "@mailstream/auth/permissions";
import { formatDateTime, formatRelativeTime } from "@/components/ui/format";
import type { ApiKeyRow } from "./api-keys-types";
import styles from "./api-keys.module.css";

function StateBadge({ row }: { row: ApiKeyRow }) {
  if (row.state === "active") return <span className="badge badge-live">Active</span>;
  if (row.state === "expiring" && row.expiresAt)
    return (
      <span className="badge badge-paused" title={formatDateTime(new Date(row.expiresAt))}>
        Expires {formatRelativeTime(new Date(row.expiresAt))}
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
    <table className="table" data-testid="api-keys-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Kind</th>
          <th>Key</th>
          <th>Role</th>
          <th>Created by</th>
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
              <td>{row.kind === "write" ? "Write" : "Secret"}</td>
              <td className="mono">{row.keyPrefix}…</td>
              <td>
                {row.kind === "secret" ? ROLE_LABELS[row.role] : <span className="faint">only sends events</span>}
              </td>
              <td className="muted">{row.createdBy ? row.createdBy.name || row.createdBy.email : "—"}</td>
              <td className="muted">{formatDateTime(new Date(row.createdAt))}</td>
              <td className="muted">{row.lastUsedAt ? formatRelativeTime(new Date(row.lastUsedAt)) : "Never"}</td>
              <td>
                <StateBadge row={row} />
              </td>
              <td>
                {isUsable && (
                  <div className={styles.actions}>
                    {row.state === "active" && (
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={props.disabled}
                        onClick={() => props.onRotate(row)}
                      >
                        Rotate
                      </button>
                    )}
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={props.disabled}
                      onClick={() => props.onRevoke(row)}
                    >
                      Revoke
                    </button>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
