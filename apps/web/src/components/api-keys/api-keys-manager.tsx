"use client";
// The API keys page's working part: create a key (its secret shown once), the list, and the
// confirmations for revoking (stops within 5 s everywhere) and rotating (new secret, the old
// one working for the grace period chosen).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { ConfirmDialog } from "@/components/journeys/confirm-dialog";
import { useTRPC } from "@/trpc/client";
import { ApiKeysTable } from "./api-keys-table";
import type { ApiKeyRow, ApiKeysView, CreatedKey } from "./api-keys-types";
import styles from "./api-keys.module.css";
import { CreateKeyForm } from "./create-key-form";
import { NewSecretNotice } from "./new-secret-notice";
import { Card } from "@/components/ui/card";

const GRACE_OPTIONS = [
  { seconds: 0, label: "Stop the old key now" },
  { seconds: 15 * 60, label: "15 minutes" },
  { seconds: 60 * 60, label: "1 hour" },
  { seconds: 6 * 60 * 60, label: "6 hours" },
  { seconds: 24 * 60 * 60, label: "24 hours" },
] as const;

export function ApiKeysManager({ initial }: { initial: ApiKeysView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.apiKeys.list.queryOptions(), initialData: initial });
  const refetch = () => void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const [revealed, setRevealed] = useState<CreatedKey | null>(null);
  const [target, setTarget] = useState<ApiKeyRow | null>(null);
  const [graceSeconds, setGraceSeconds] = useState<number>(60 * 60);
  const revokeDialog = useRef<HTMLDialogElement>(null);
  const rotateDialog = useRef<HTMLDialogElement>(null);

  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: setRevealed, onSettled: refetch }));
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: () => revokeDialog.current?.close(),
      onSettled: refetch,
    }),
  );
  const rotate = useMutation(
    trpc.apiKeys.rotate.mutationOptions({
      onSuccess: (rotated) => {
        rotateDialog.current?.close();
        setRevealed(rotated.replacement);
      },
      onSettled: refetch,
    }),
  );
  const isBusy = create.isPending || revoke.isPending || rotate.isPending;
  const data = list.data;

  function open(dialog: typeof revokeDialog, row: ApiKeyRow) {
    setTarget(row);
    revoke.reset();
    rotate.reset();
    dialog.current?.showModal();
  }

  return (
    <Card
      title="Keys"
      titleId="api-keys-title"
      action={<span className="muted">{data.keys.filter((key) => key.state !== "revoked").length} in use</span>}
    >
      <div className="card-body stack">
        <p className="hint">
          A <b>write key</b> only sends events (the HTTP ingest API, analytics.js, the SDK). A <b>secret key</b> reads
          and manages this workspace over the API with a role, at most your own.
        </p>
        <CreateKeyForm
          grantableRoles={data.grantableRoles}
          isPending={create.isPending}
          onCreate={(input) => create.mutateAsync(input)}
        />
        {create.error && (
          <p className="alert alert-error" role="alert">
            {create.error.message}
          </p>
        )}
        {revealed && <NewSecretNotice created={revealed} onDone={() => setRevealed(null)} />}
        <ApiKeysTable
          keys={data.keys}
          disabled={isBusy}
          onRevoke={(row) => open(revokeDialog, row)}
          onRotate={(row) => open(rotateDialog, row)}
        />
      </div>
      <ConfirmDialog
        dialogRef={revokeDialog}
        titleId="revoke-key-title"
        title={`Revoke “${target?.name ?? ""}”?`}
        error={revoke.error?.message ?? null}
        isPending={revoke.isPending}
        disabled={isBusy}
        confirmLabel="Revoke key"
        pendingLabel="Revoking…"
        onConfirm={() => target && revoke.mutate({ id: target.id })}
      >
        <p>
          Requests with <span className="mono">{target?.keyPrefix}…</span> are refused within 5 seconds. This cannot be
          undone: whatever uses it needs a new key.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        dialogRef={rotateDialog}
        titleId="rotate-key-title"
        title={`Rotate “${target?.name ?? ""}”?`}
        error={rotate.error?.message ?? null}
        isPending={rotate.isPending}
        disabled={isBusy}
        confirmLabel="Rotate key"
        pendingLabel="Rotating…"
        onConfirm={() => target && rotate.mutate({ id: target.id, graceSeconds })}
      >
        <p>
          A new key with the same name, kind and role is made and shown once. The old key keeps working while you switch
          over, then stops.
        </p>
        <label className={styles.graceField}>
          <span className="label">Old key keeps working for</span>
          <select className="input" value={graceSeconds} onChange={(e) => setGraceSeconds(Number(e.target.value))}>
            {GRACE_OPTIONS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </ConfirmDialog>
    </Card>
  );
}
