"use client";
// The workspace's transport: the server default, the outbox (Inbox page), SMTP or Resend.
// Stored secrets are never sent here; the field shows "••• set" and a blank field keeps them —
// unless the host, port, TLS mode or user (Resend: base URL) changes, which clears the stored
// secret on the server (core settings.ts); the form says so as soon as such a field differs.
// "Send test email" goes through what is saved, so save first.
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/trpc/client";
import type { SettingsView, TransportView } from "./settings-types";
import styles from "./settings.module.css";
import { SaveButton } from "@/components/ui/save-button";
import { Card } from "@/components/ui/card";
import { InlineInput, TextField } from "@/components/ui/form-field";

type Kind = TransportView["kind"];

const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: "default", label: "Server default", hint: "The worker's EMAIL_TRANSPORT (outbox unless configured)." },
  { kind: "outbox", label: "Outbox", hint: "Stored only; read them on the Inbox page. Nothing leaves the machine." },
  { kind: "smtp", label: "SMTP", hint: "Any SMTP server (nodemailer)." },
  { kind: "resend", label: "Resend", hint: "Resend's API." },
];

function SecretField({
  id,
  label,
  isSet,
  isCleared,
  value,
  onChange,
}: {
  id: string;
  label: string;
  isSet: boolean;
  /** A field the stored secret is tied to changed: saving without a new one clears it. */
  isCleared: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="password"
        autoComplete="new-password"
        value={value}
        aria-describedby={hintId}
        placeholder={isSet && !isCleared ? "••• set (leave blank to keep)" : ""}
        onChange={(e) => onChange(e.target.value)}
      />
      {isSet && isCleared && value === "" ? (
        <span id={hintId} className="hint" role="status" data-testid={`${id}-cleared`}>
          The saved {label.toLowerCase()} is not sent to a new address or account: saving clears it. Enter it again to
          keep one.
        </span>
      ) : (
        <span id={hintId} className="hint">
          Kept while the {id.startsWith("smtp") ? "host, port, TLS and user" : "base URL"} stay the same; changing them
          clears it.
        </span>
      )}
    </div>
  );
}

export function TransportForm({ initial }: { initial: SettingsView }) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<TransportView>(initial.transport);
  const [kind, setKind] = useState<Kind>(initial.transport.kind);
  const smtp = initial.transport.kind === "smtp" ? initial.transport : null;
  const resend = initial.transport.kind === "resend" ? initial.transport : null;
  const [host, setHost] = useState(smtp?.host ?? "");
  const [port, setPort] = useState(String(smtp?.port ?? 587));
  const [secure, setSecure] = useState(smtp?.secure ?? false);
  const [user, setUser] = useState(smtp?.user ?? "");
  const [password, setPassword] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(resend?.baseUrl ?? "");
  const [testTo, setTestTo] = useState("");

  const save = useMutation(
    trpc.settings.saveTransport.mutationOptions({
      onSuccess: (settings) => {
        setSaved(settings.transport);
        setPassword("");
        setApiKey("");
      },
    }),
  );
  const sendTest = useMutation(trpc.settings.sendTest.mutationOptions());

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (kind === "smtp") save.mutate({ kind, host, port: Number(port), secure, user, password });
    else if (kind === "resend") save.mutate({ kind, apiKey, baseUrl });
    else save.mutate({ kind });
  }

  const hasPassword = saved.kind === "smtp" && saved.hasPassword;
  const hasApiKey = saved.kind === "resend" && saved.hasApiKey;
  // Mirrors the server's rule (core settings.ts): a changed destination or account drops the secret.
  const isSmtpMoved =
    saved.kind === "smtp" &&
    (saved.host.toLowerCase() !== host.trim().toLowerCase() ||
      saved.port !== Number(port) ||
      saved.secure !== secure ||
      saved.user !== user.trim());
  const isResendMoved = saved.kind === "resend" && saved.baseUrl !== baseUrl.trim();
  return (
    <Card
      title="Email transport"
      titleId="transport-title"
      action={
        <span className="muted" data-testid="saved-transport">
          Saved: {KINDS.find((k) => k.kind === saved.kind)?.label}
        </span>
      }
    >
      <form className="card-body stack" onSubmit={onSubmit} data-testid="transport-form">
        {!initial.canStoreSecrets && (
          <p className="alert alert-error">
            MAILSTREAM_SECRET is not set on the server: SMTP and Resend credentials cannot be stored.
          </p>
        )}
        <fieldset className={`stack ${styles.plainFieldset}`}>
          <legend className="label">Deliver through</legend>
          {KINDS.map((option) => (
            <label key={option.kind} className="row">
              <input
                type="radio"
                name="transport-kind"
                value={option.kind}
                checked={kind === option.kind}
                onChange={() => setKind(option.kind)}
              />
              <span>
                <strong>{option.label}</strong> <span className="hint">{option.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {kind === "smtp" && (
          <div className="stack">
            <div className="row">
              <TextField
                id="smtp-host"
                label="Host"
                fieldClass={styles.wide}
                value={host}
                placeholder="smtp.example.test"
                onValue={setHost}
              />
              <TextField
                id="smtp-port"
                label="Port"
                fieldClass={styles.grow}
                inputMode="numeric"
                value={port}
                onValue={setPort}
              />
            </div>
            <label className="row">
              <input type="checkbox" checked={secure} onChange={(e) => setSecure(e.target.checked)} />
              <span>TLS from the start (port 465); otherwise STARTTLS when offered</span>
            </label>
            <TextField id="smtp-user" label="User" autoComplete="off" value={user} onValue={setUser} />
            <SecretField
              id="smtp-password"
              label="Password"
              isSet={hasPassword}
              isCleared={isSmtpMoved}
              value={password}
              onChange={setPassword}
            />
          </div>
        )}
        {kind === "resend" && (
          <div className="stack">
            <SecretField
              id="resend-api-key"
              label="API key"
              isSet={hasApiKey}
              isCleared={isResendMoved}
              value={apiKey}
              onChange={setApiKey}
            />
            <TextField
              id="resend-base-url"
              label="Base URL"
              value={baseUrl}
              placeholder="https://api.resend.com"
              onValue={setBaseUrl}
              hint="Leave empty for Resend itself; set it for a proxy or a local stand-in."
            />
          </div>
        )}
        <div className="row">
          <SaveButton isPending={save.isPending}>Save transport</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
          {save.error && <span className="alert alert-error">{save.error.message}</span>}
        </div>
      </form>
      <form
        className={`card-body row ${styles.testSend}`}
        onSubmit={(event) => {
          event.preventDefault();
          sendTest.mutate({ to: testTo });
        }}
      >
        <InlineInput
          inputClass={styles.addressInput}
          type="email"
          label="Test recipient"
          placeholder="you@example.test"
          value={testTo}
          onValue={setTestTo}
        />
        <button type="submit" className="btn" disabled={sendTest.isPending || testTo === ""}>
          {sendTest.isPending ? "Sending…" : "Send test email"}
        </button>
        {sendTest.data?.status === "sent" && (
          <span className="alert alert-success">Sent through {sendTest.data.transport}</span>
        )}
        {sendTest.data?.status === "failed" && (
          <span className="alert alert-error">
            Failed ({sendTest.data.transport}): {sendTest.data.error}
          </span>
        )}
        {sendTest.data?.status === "skipped" && (
          <span className="alert alert-error" data-testid="test-send-skipped">
            Not sent: {sendTest.data.reason}
          </span>
        )}
        {sendTest.error && <span className="alert alert-error">{sendTest.error.message}</span>}
      </form>
    </Card>
  );
}
