// The instance's single sign-on provider, as its owner sees and saves it: the client secret is
// sealed with MAILSTREAM_SECRET and never returned (only whether one is set); every change writes
// an instance security-log row naming what changed (never the secret). `loadSsoProvider` is the
// sign-in flow's view, read on each request so a saved change takes effect without a restart.
import type { Db } from "@mailstream/db/client";
import { insertSecurityEvent } from "@mailstream/db/queries/security-events";
import { findSsoSettings, upsertSsoSettings, type SsoSettingsRow } from "@mailstream/db/queries/sso";
import { openSecret, sealSecret } from "@mailstream/emails/transports";
import { z } from "zod";
import type { AuditOrigin } from "../audit/audit-context";
import { AppError, AppErrorCode } from "../errors/app-error";

export interface SsoSettingsView {
  issuer: string;
  clientId: string;
  scopes: string;
  enabled: boolean;
  hasClientSecret: boolean;
  updatedAt: Date | null;
}

const EMPTY: SsoSettingsView = {
  issuer: "",
  clientId: "",
  scopes: "openid email profile",
  enabled: false,
  hasClientSecret: false,
  updatedAt: null,
};

const ZIssuer = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === "https:" || url.protocol === "http:") &&
        !url.username &&
        !url.password &&
        !url.search &&
        !url.hash
      );
    } catch {
      return false;
    }
  }, "must be the issuer's http(s) URL, without credentials, query or fragment (e.g. https://login.example.com/realms/staff)");

const ZScopes = z
  .string()
  .trim()
  .max(500)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, "must be scope names separated by single spaces")
  .refine((value) => value.split(" ").includes("openid"), "must include openid")
  .refine((value) => value.split(" ").includes("email"), "must include email (sign-in matches people by email)");

export const ZSaveSsoSettingsInput = z.object({
  issuer: ZIssuer,
  clientId: z.string().trim().min(1, "is required").max(300),
  /** Empty or absent: keep the saved secret. */
  clientSecret: z.string().max(2000).optional(),
  scopes: ZScopes,
  enabled: z.boolean(),
});
export type SaveSsoSettingsInput = z.infer<typeof ZSaveSsoSettingsInput>;

function toView(row: SsoSettingsRow | null): SsoSettingsView {
  if (!row) return EMPTY;
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    scopes: row.scopes,
    enabled: row.enabled,
    hasClientSecret: row.clientSecretSealed !== null,
    updatedAt: row.updatedAt,
  };
}

export async function getSsoSettings(db: Db): Promise<SsoSettingsView> {
  return toView(await findSsoSettings(db));
}

function requireSecret(secret: string | undefined): string {
  if (!secret)
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      "MAILSTREAM_SECRET is not set: the client secret cannot be stored encrypted. Set it and restart.",
    );
  return secret;
}

export async function saveSsoSettings(
  db: Db,
  deps: { secret: string | undefined },
  input: SaveSsoSettingsInput,
  origin: AuditOrigin,
): Promise<SsoSettingsView> {
  const newSecret = input.clientSecret?.trim() ? input.clientSecret.trim() : null;
  return db.transaction(async (tx) => {
    const before = await findSsoSettings(tx, { forUpdate: true });
    const sealed = newSecret ? sealSecret(requireSecret(deps.secret), newSecret) : (before?.clientSecretSealed ?? null);
    if (input.enabled && !sealed)
      throw new AppError(AppErrorCode.INVALID_INPUT, "Enter the client secret before enabling single sign-on.", {
        issues: [{ path: "clientSecret", message: "is required to enable single sign-on" }],
      });
    const after = { issuer: input.issuer, clientId: input.clientId, scopes: input.scopes, enabled: input.enabled };
    const changed = (Object.keys(after) as Array<keyof typeof after>).filter(
      (field) => before?.[field] !== after[field],
    );
    if (newSecret) changed.push("clientSecret" as never);
    await upsertSsoSettings(tx, { ...after, clientSecretSealed: sealed });
    if (changed.length > 0)
      await insertSecurityEvent(tx, {
        kind: "sso_settings_changed",
        email: origin.actor.label,
        sourceAddress: origin.sourceAddress,
        // The secret is named, never shown.
        detail: { by: origin.actor.id, fields: changed, ...after },
      });
    return toView(await findSsoSettings(tx));
  });
}

/** The provider the sign-in flow uses: null unless enabled with a secret that opens. */
export async function loadSsoProvider(
  db: Db,
  secret: string | undefined,
): Promise<{ issuer: string; clientId: string; clientSecret: string; scopes: string[] } | null> {
  const row = await findSsoSettings(db);
  if (!row?.enabled || !row.clientSecretSealed || !secret) return null;
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: openSecret(secret, row.clientSecretSealed),
    scopes: row.scopes.split(" "),
  };
}
