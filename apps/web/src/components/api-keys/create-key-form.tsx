"use client";
// The form that makes a key: its name, its kind (write: only sends events; secret: reads and
// manages with a role) and, for a secret key, a role among those the person may give.
import { ROLE_LABELS } from "@mailstream/auth/permissions";
import { useState, type FormEvent } from "react";
import type { GrantableRole } from "./api-keys-types";
import styles from "./api-keys.module.css";
import { InlineInput, InlineSelect } from "@/components/ui/form-field";

export type NewKeyInput = { kind: "write"; name: string } | { kind: "secret"; name: string; role: GrantableRole };

const DEFAULT_ROLE: GrantableRole = "developer";

export function CreateKeyForm(props: {
  grantableRoles: GrantableRole[];
  isPending: boolean;
  onCreate: (input: NewKeyInput) => Promise<unknown>;
}) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"write" | "secret">("write");
  const initialRole = props.grantableRoles.includes(DEFAULT_ROLE)
    ? DEFAULT_ROLE
    : (props.grantableRoles[0] ?? DEFAULT_ROLE);
  const [role, setRole] = useState<GrantableRole>(initialRole);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input: NewKeyInput = kind === "write" ? { kind, name } : { kind, name, role };
    try {
      await props.onCreate(input);
      setName("");
    } catch {
      // The manager shows the error; the form keeps what was typed.
    }
  }

  return (
    <form className="row" onSubmit={onSubmit} data-testid="new-api-key">
      <InlineInput
        label="Key name"
        inputClass={styles.nameInput}
        placeholder="What uses it, e.g. Checkout backend"
        maxLength={80}
        value={name}
        onValue={setName}
      />
      <InlineSelect label="Key kind" value={kind} onValue={(value) => setKind(value as "write" | "secret")}>
        <option value="write">Write key (sends events)</option>
        <option value="secret">Secret key (reads and manages)</option>
      </InlineSelect>
      {kind === "secret" && (
        <select
          aria-label="Key role"
          className="input"
          value={role}
          onChange={(e) => setRole(e.target.value as GrantableRole)}
        >
          {props.grantableRoles.map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
      )}
      <button type="submit" className="btn btn-primary" disabled={props.isPending || name.trim() === ""}>
        {props.isPending ? "Creating…" : "Create key"}
      </button>
    </form>
  );
}
