"use client";
// The instance owner's single sign-on form (issuer, client id, write-only secret, scopes,
// enabled) and the domain rules (email domain → workspace + role; never owner).
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ROLE_LABELS } from "@mailstream/auth/permissions";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@mailstream/api";
import { Card } from "@/components/ui/card";
import { SaveButton } from "@/components/ui/save-button";
import { useTRPC } from "@/trpc/client";

type SsoView = inferRouterOutputs<AppRouter>["sso"]["get"];
const RULE_ROLES = ["admin", "marketer", "developer", "analyst"] as const;

export function SsoSettings({ initial, callbackUrl }: { initial: SsoView; callbackUrl: string }) {
  return (
    <div className="stack">
      <ProviderForm initial={initial.settings} callbackUrl={callbackUrl} />
      <DomainRules initial={initial} />
    </div>
  );
}

function ProviderForm({ initial, callbackUrl }: { initial: SsoView["settings"]; callbackUrl: string }) {
  const trpc = useTRPC();
  const [form, setForm] = useState({
    issuer: initial.issuer,
    clientId: initial.clientId,
    clientSecret: "",
    scopes: initial.scopes,
    enabled: initial.enabled,
  });
  const [hasSecret, setHasSecret] = useState(initial.hasClientSecret);
  const save = useMutation(
    trpc.sso.save.mutationOptions({
      onSuccess: (saved) => {
        setHasSecret(saved.hasClientSecret);
        setForm((current) => ({ ...current, clientSecret: "" }));
      },
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(form);
  }

  return (
    <Card title="Provider" titleId="sso-provider-title">
      <form className="card-body stack" onSubmit={onSubmit} data-testid="sso-provider">
        <div className="field">
          <label htmlFor="sso-callback">Callback URL (register it at the provider as the redirect URI)</label>
          <input id="sso-callback" className="input mono" readOnly value={callbackUrl} />
        </div>
        <div className="field">
          <label htmlFor="sso-issuer">Issuer URL</label>
          <input
            id="sso-issuer"
            className="input mono"
            required
            placeholder="https://login.example.com/realms/staff"
            value={form.issuer}
            onChange={(e) => setForm({ ...form, issuer: e.target.value })}
          />
          <span className="hint">
            Exactly as the provider&apos;s <code>/.well-known/openid-configuration</code> names it. A private address
            must be listed in MAILSTREAM_OUTBOUND_ALLOW.
          </span>
        </div>
        <div className="field">
          <label htmlFor="sso-client-id">Client ID</label>
          <input
            id="sso-client-id"
            className="input mono"
            required
            value={form.clientId}
            onChange={(e) => setForm({ ...form, clientId: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sso-client-secret">Client secret {hasSecret && <em>(set)</em>}</label>
          <input
            id="sso-client-secret"
            className="input mono"
            type="password"
            autoComplete="off"
            placeholder={hasSecret ? "set — leave empty to keep it" : "not set"}
            value={form.clientSecret}
            onChange={(e) => setForm({ ...form, clientSecret: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="sso-scopes">Scopes</label>
          <input
            id="sso-scopes"
            className="input mono"
            value={form.scopes}
            onChange={(e) => setForm({ ...form, scopes: e.target.value })}
          />
        </div>
        <label className="row">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
          />
          Enabled: offer &quot;Sign in with SSO&quot; on the sign-in page
        </label>
        <div className="row">
          <SaveButton isPending={save.isPending}>Save</SaveButton>
          {save.isSuccess && <span className="alert alert-success">Saved</span>}
          {save.error && (
            <span className="alert alert-error" role="alert">
              {save.error.message}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}

function DomainRules({ initial }: { initial: SsoView }) {
  const trpc = useTRPC();
  const [rules, setRules] = useState(initial.rules);
  const [draft, setDraft] = useState({
    domain: "",
    workspaceId: initial.workspaces[0]?.id ?? "",
    role: "analyst" as (typeof RULE_ROLES)[number],
  });
  const nameOf = (id: string) => initial.workspaces.find((workspace) => workspace.id === id)?.name ?? id;
  const add = useMutation(
    trpc.sso.addRule.mutationOptions({
      onSuccess: (rule) => {
        setRules((current) => [
          ...current,
          { ...rule, role: rule.role as (typeof RULE_ROLES)[number], workspaceName: nameOf(rule.workspaceId) },
        ]);
        setDraft((current) => ({ ...current, domain: "" }));
      },
    }),
  );
  const remove = useMutation(
    trpc.sso.removeRule.mutationOptions({
      onSuccess: (_done, input) => setRules((current) => current.filter((rule) => rule.id !== input.ruleId)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    add.mutate(draft);
  }

  return (
    <Card title="Domain rules" titleId="sso-rules-title">
      <div className="card-body stack" data-testid="sso-rules">
        <p className="hint">
          A person&apos;s first SSO sign-in with a verified email at the domain joins the workspace with the role.
          Without a matching rule they are signed in to no workspace until someone invites them. Removing a member later
          does not add them back on their next sign-in.
        </p>
        {rules.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Domain</th>
                <th>Workspace</th>
                <th>Role</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <td className="mono">{rule.domain}</td>
                  <td>{rule.workspaceName}</td>
                  <td>{ROLE_LABELS[rule.role]}</td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ ruleId: rule.id })}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form className="row" onSubmit={onSubmit}>
          <input
            aria-label="Email domain"
            className="input mono"
            required
            placeholder="example.com"
            value={draft.domain}
            onChange={(e) => setDraft({ ...draft, domain: e.target.value })}
          />
          <select
            aria-label="Workspace"
            className="select"
            value={draft.workspaceId}
            onChange={(e) => setDraft({ ...draft, workspaceId: e.target.value })}
          >
            {initial.workspaces.map((workspace) => (
              <option key={workspace.id} value={workspace.id}>
                {workspace.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Role"
            className="select"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as (typeof RULE_ROLES)[number] })}
          >
            {RULE_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <button type="submit" className="btn" disabled={add.isPending}>
            Add rule
          </button>
        </form>
        {(add.error ?? remove.error) && (
          <p className="alert alert-error" role="alert">
            {(add.error ?? remove.error)?.message}
          </p>
        )}
      </div>
    </Card>
  );
}
