// Workspace settings use cases: read (secrets never leave the server — only "set" flags),
// save the transport (SMTP password / Resend key sealed with MAILSTREAM_SECRET; an empty
// secret field keeps the stored one only while the secret would still go where it went — see
// toStoredTransport), save sender defaults, the tracking switch and workspace
// variables (`{{ workspace.<key> }}`). The test email is templates/send-test-email.ts.
import type { Db, Tx } from "@mailstream/db/client";
import { findWorkspaceSettings, updateWorkspaceSettings } from "@mailstream/db/queries/workspace-settings";
import type { StoredTransportSettings, WorkspaceSettings } from "@mailstream/db/schema";
import { parseAddress, sealSecret } from "@mailstream/emails/transports";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit, summarizeChanges, type AuditEntry } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { assertDeclaredSender } from "../senders/senders";
import { z } from "zod";

const ZOptionalSecret = z.string().max(500).optional();

export const ZTransportInputSchema = z.discriminatedUnion("kind", [
  /** No transport of the workspace's own: the worker's EMAIL_TRANSPORT applies. */
  z.object({ kind: z.literal("default") }),
  z.object({ kind: z.literal("outbox") }),
  z.object({
    kind: z.literal("smtp"),
    host: z
      .string()
      .trim()
      .min(1, "SMTP host is required")
      .max(255)
      .regex(/^[^\s/:]+$/, "SMTP host must be a host name or IP, without scheme or port"),
    port: z.number().int("SMTP port must be a whole number").min(1).max(65535, "SMTP port must be 1–65535"),
    secure: z.boolean(),
    user: z.string().trim().max(255),
    /** Empty or absent: keep the stored password. */
    password: ZOptionalSecret,
  }),
  z.object({
    kind: z.literal("resend"),
    /** Empty or absent: keep the stored key. */
    apiKey: ZOptionalSecret,
    baseUrl: z.union([z.literal(""), z.url("Resend base URL must be a URL (http://… or https://…)")]),
  }),
]);
export type TransportInput = z.infer<typeof ZTransportInputSchema>;

const ZAddressOrEmpty = z
  .string()
  .trim()
  .max(320)
  .refine((value) => value === "" || parseAddress(value) !== null, {
    message: "must be an address like Name <name@example.com>",
  });

export const ZGeneralSettingsSchema = z.object({
  trackingEnabled: z.boolean(),
  defaultFrom: ZAddressOrEmpty,
  defaultReplyTo: ZAddressOrEmpty,
});

const VARIABLE_KEY = /^[a-z][a-z0-9_]*$/;
const RESERVED_VARIABLE_KEYS = new Set(["id", "name"]);
export const MAX_WORKSPACE_VARIABLES = 50;

/** Workspace variables, `{{ workspace.<key> }}` in templates: the whole list is saved at once. */
export const ZWorkspaceVariablesSchema = z.object({
  variables: z
    .array(
      z.object({
        key: z
          .string()
          .trim()
          .min(1, "Every variable needs a key")
          .max(64, "A variable key has at most 64 characters")
          .superRefine((key, ctx) => {
            if (!VARIABLE_KEY.test(key)) {
              ctx.addIssue({
                code: "custom",
                message: `Variable key '${key}' must start with a lower-case letter and use only a–z, 0–9 and _ (e.g. support_url)`,
              });
            } else if (RESERVED_VARIABLE_KEYS.has(key)) {
              ctx.addIssue({
                code: "custom",
                message: `Variable key '${key}' is built in (workspace.id, workspace.name); pick another key`,
              });
            }
          }),
        value: z.string().max(2000, "A variable value has at most 2000 characters"),
      }),
    )
    .max(MAX_WORKSPACE_VARIABLES, `A workspace has at most ${MAX_WORKSPACE_VARIABLES} variables`)
    .superRefine((variables, ctx) => {
      const seen = new Set<string>();
      for (const { key } of variables) {
        if (seen.has(key)) ctx.addIssue({ code: "custom", message: `Variable key '${key}' is used twice` });
        seen.add(key);
      }
    }),
});

/** What the browser sees: no secret, only whether one is stored. */
export type PublicTransport =
  | { kind: "default" }
  | { kind: "outbox" }
  | { kind: "smtp"; host: string; port: number; secure: boolean; user: string; hasPassword: boolean }
  | { kind: "resend"; baseUrl: string; hasApiKey: boolean };

export type PublicSettings = {
  trackingEnabled: boolean;
  defaultFrom: string;
  defaultReplyTo: string;
  transport: PublicTransport;
  canStoreSecrets: boolean;
  variables: { key: string; value: string }[];
  /** Hosts Liquid-built links may lead to and stay tracked (link-domains.ts). */
  linkDomains: string[];
  /** Days events are kept (event-retention.ts); null = forever. */
  eventRetentionDays: number | null;
};

function toPublicTransport(stored: StoredTransportSettings | null | undefined): PublicTransport {
  if (!stored) return { kind: "default" };
  if (stored.kind === "outbox") return { kind: "outbox" };
  if (stored.kind === "smtp") {
    return {
      kind: "smtp",
      host: stored.host,
      port: stored.port,
      secure: stored.secure,
      user: stored.user ?? "",
      hasPassword: stored.password !== null,
    };
  }
  return { kind: "resend", baseUrl: stored.baseUrl ?? "", hasApiKey: true };
}

async function loadSettings(db: Db | Tx, workspaceId: string): Promise<WorkspaceSettings> {
  const settings = await findWorkspaceSettings(db, workspaceId);
  if (!settings) throw new AppError(AppErrorCode.NOT_FOUND, `Workspace ${workspaceId} does not exist.`);
  return settings;
}

function toPublicSettings(settings: WorkspaceSettings, secret: string | undefined): PublicSettings {
  return {
    trackingEnabled: settings.trackingEnabled ?? true,
    defaultFrom: settings.defaultFrom ?? "",
    defaultReplyTo: settings.defaultReplyTo ?? "",
    transport: toPublicTransport(settings.transport),
    canStoreSecrets: secret !== undefined,
    variables: Object.entries(settings.variables ?? {})
      .map(([key, value]) => ({ key, value }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    linkDomains: settings.linkDomains ?? [],
    eventRetentionDays: settings.eventRetentionDays ?? null,
  };
}

export async function getSettings(db: Db, secret: string | undefined, workspaceId: string): Promise<PublicSettings> {
  return toPublicSettings(await loadSettings(db, workspaceId), secret);
}

function requireSecret(secret: string | undefined): string {
  if (!secret) {
    throw new AppError(
      AppErrorCode.PRECONDITION_FAILED,
      "MAILSTREAM_SECRET is not set on the web server, so credentials cannot be stored encrypted.",
    );
  }
  return secret;
}

/**
 * Builds what is stored. A blank secret field keeps the stored secret only while it would
 * still be sent to the same place as the same account: changing the SMTP host, port, TLS mode
 * or user, or the Resend base URL, clears it unless a new one comes in the same save —
 * otherwise one save and one test send would hand the stored password or key to any server.
 */
function toStoredTransport(
  input: TransportInput,
  current: StoredTransportSettings | undefined,
  secret: string | undefined,
): StoredTransportSettings | null {
  switch (input.kind) {
    case "default":
      return null;
    case "outbox":
      return { kind: "outbox" };
    case "smtp": {
      const user = input.user || null;
      const isSameAccount =
        current?.kind === "smtp" &&
        current.host.toLowerCase() === input.host.toLowerCase() &&
        current.port === input.port &&
        current.secure === input.secure &&
        (current.user ?? null) === user;
      const kept = isSameAccount ? current.password : null;
      const password = input.password ? sealSecret(requireSecret(secret), input.password) : user ? kept : null;
      return { kind: "smtp", host: input.host, port: input.port, secure: input.secure, user, password };
    }
    case "resend": {
      const baseUrl = input.baseUrl || null;
      const isSameEndpoint = current?.kind === "resend" && (current.baseUrl ?? null) === baseUrl;
      const kept = isSameEndpoint ? current.apiKey : null;
      const apiKey = input.apiKey ? sealSecret(requireSecret(secret), input.apiKey) : kept;
      if (!apiKey) {
        const message =
          current?.kind === "resend"
            ? "The base URL changed, so the stored API key is not sent there: enter the API key again."
            : "Resend needs an API key.";
        throw new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path: "apiKey", message }] });
      }
      return { kind: "resend", apiKey, baseUrl };
    }
  }
}

export async function saveTransport(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  input: TransportInput,
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  return db.transaction(async (tx) => {
    const current = await loadSettings(tx, workspaceId);
    const transport = toStoredTransport(input, current.transport, secret);
    // Stored as JSON null when cleared: the send path reads "no transport" and uses the env one.
    const saved = await updateWorkspaceSettings(tx, workspaceId, { transport: transport as StoredTransportSettings });
    await recordAudit(tx, {
      context: audit,
      action: "settings.transport_change",
      target: { type: "settings", id: workspaceId, label: "Transport" },
      changes: summarizeChanges(flattenTransport(current.transport), flattenTransport(transport), {
        fields: TRANSPORT_FIELDS,
        // Credentials (user, password, API key) are named when they change, never shown.
        publicFields: ["kind", "host", "port", "secure", "baseUrl"],
      }),
    });
    return toPublicSettings(saved, secret);
  });
}

const TRANSPORT_FIELDS = ["kind", "host", "port", "secure", "user", "password", "apiKey", "baseUrl"] as const;
type FlatTransport = Partial<Record<(typeof TRANSPORT_FIELDS)[number], unknown>>;

/** One flat record per transport, so a kind change names every field that went or came. */
function flattenTransport(stored: StoredTransportSettings | null | undefined): FlatTransport {
  if (!stored) return { kind: "default" };
  return { ...stored } as FlatTransport;
}

export async function saveGeneralSettings(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  input: z.infer<typeof ZGeneralSettingsSchema>,
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  // The default From is what every template without its own sends as: a declared sender only.
  if (input.defaultFrom) await assertDeclaredSender(db, workspaceId, input.defaultFrom, "defaultFrom");
  const patch = {
    trackingEnabled: input.trackingEnabled,
    defaultFrom: input.defaultFrom || null,
    defaultReplyTo: input.defaultReplyTo || null,
  };
  return updateSettings(
    db,
    secret,
    workspaceId,
    patch,
    (before) => ({
      action: "settings.change",
      changes: summarizeChanges({ ...before, trackingEnabled: before.trackingEnabled ?? true }, patch, {
        fields: ["trackingEnabled", "defaultFrom", "defaultReplyTo"],
        // The workspace's own sender addresses and a switch: neither secret nor a contact's data.
        publicFields: ["trackingEnabled", "defaultFrom", "defaultReplyTo"],
      }),
    }),
    audit,
  );
}

export async function saveWorkspaceVariables(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  input: z.infer<typeof ZWorkspaceVariablesSchema>,
  audit?: AuditContext | null,
): Promise<PublicSettings> {
  const variables = Object.fromEntries(input.variables.map(({ key, value }) => [key, value]));
  return updateSettings(
    db,
    secret,
    workspaceId,
    { variables },
    (before) => {
      const old = before.variables ?? {};
      const keys = [...new Set([...Object.keys(old), ...Object.keys(variables)])].sort();
      // Keys only: a variable's value can be anything its author typed.
      return {
        action: "settings.variables_change",
        changes: { fields: keys.filter((key) => old[key] !== variables[key]).map((key) => `variables.${key}`) },
      };
    },
    audit,
  );
}

/** Writes a settings patch of a workspace that exists (NOT_FOUND otherwise) and returns what the UI may see. */
async function updateSettings(
  db: Db,
  secret: string | undefined,
  workspaceId: string,
  patch: Parameters<typeof updateWorkspaceSettings>[2],
  describe: (before: WorkspaceSettings) => Pick<AuditEntry, "action" | "changes">,
  audit: AuditContext | null | undefined,
): Promise<PublicSettings> {
  return db.transaction(async (tx) => {
    const before = await loadSettings(tx, workspaceId);
    const saved = await updateWorkspaceSettings(tx, workspaceId, patch);
    await recordAudit(tx, {
      context: audit,
      target: { type: "settings", id: workspaceId, label: "Workspace settings" },
      ...describe(before),
    });
    return toPublicSettings(saved, secret);
  });
}
