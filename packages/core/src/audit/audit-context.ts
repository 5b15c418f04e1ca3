// Who changed something and from where: built once per request by the API (the tRPC context,
// the HTTP handler) and passed into every mutating use case, which hands it to recordAudit.
export interface AuditActor {
  kind: "user" | "key";
  /** The user's id, or the API key's id. */
  id: string;
  /** The user's email, or the key's display prefix (`ms_sk_AbCd`): never the key itself. */
  label: string;
}

/** The actor and the client's address, before a workspace is known (creating one). */
export interface AuditOrigin {
  actor: AuditActor;
  /** Null when unknown (see clientAddress in packages/auth/src/client-address.ts). */
  sourceAddress: string | null;
}

export interface AuditContext extends AuditOrigin {
  workspaceId: string;
}
