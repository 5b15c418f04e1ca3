// Every HTTP route of the web app (each `route.ts` under src/app) and who may call it, in one
// table. Routes for the signed-in UI and typed clients are tRPC (each procedure declares its
// permission in packages/api); the public API's secret-key routes name a permission per
// method; the rest are public by design, each class with its own guard. The route walk test
// (route-access.test.ts) fails for a route missing here or a method without a permission.
import type { Permission } from "@mailstream/auth/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RouteAccess =
  /** /api/trpc: the procedure's own declaration decides (permissionProcedure & co.). */
  | { class: "trpc" }
  /** better-auth: sign-in (rate limited per account and address), sign-out, session. */
  | { class: "auth" }
  /** Liveness and readiness: states only, no workspace data. */
  | { class: "health" }
  /** Segment-compatible ingest: a write or secret key. */
  | { class: "ingest" }
  /** The public REST API: a secret key whose role holds the method's permission. */
  | { class: "secret-key"; permissions: Partial<Record<HttpMethod, Permission>> }
  /** Open pixel and click redirect: an HMAC-signed token per message and link. */
  | { class: "tracking" }
  /** Preference page and RFC 8058 one-click: an HMAC-signed token per message. */
  | { class: "unsubscribe" }
  /** Provider webhooks: the provider's signature (Svix for Resend). */
  | { class: "webhook" }
  /** Accepting an invitation without a session: the invitation link's single-use token. */
  | { class: "invitation" }
  /** Any other path under the public API: a JSON 404, nothing read or written. */
  | { class: "not-found" };

const INGEST = { class: "ingest" } as const;
const CONTACT_READ = { class: "secret-key", permissions: { GET: "contacts:read" } } as const;

/** Keyed by the route's folder under src/app, as Next names it (`[param]`, `[...all]`). */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  "/api/trpc/[trpc]": { class: "trpc" },
  "/api/auth/[...all]": { class: "auth" },
  "/api/invitations/accept": { class: "invitation" },
  "/api/health": { class: "health" },
  "/api/v1/track": INGEST,
  "/api/v1/identify": INGEST,
  "/api/v1/page": INGEST,
  "/api/v1/screen": INGEST,
  "/api/v1/group": INGEST,
  "/api/v1/alias": INGEST,
  "/api/v1/batch": INGEST,
  "/v1/track": INGEST,
  "/v1/identify": INGEST,
  "/v1/page": INGEST,
  "/v1/screen": INGEST,
  "/v1/group": INGEST,
  "/v1/alias": INGEST,
  "/v1/batch": INGEST,
  "/api/v1/contacts/[userId]": { class: "secret-key", permissions: { GET: "contacts:read", DELETE: "contacts:erase" } },
  "/api/v1/contacts/[userId]/events": CONTACT_READ,
  "/api/v1/contacts/[userId]/messages": CONTACT_READ,
  "/api/v1/contacts/[userId]/runs": CONTACT_READ,
  "/api/v1/contacts/[userId]/export": CONTACT_READ,
  "/api/v1/audit": { class: "secret-key", permissions: { GET: "audit:read" } },
  "/api/v1/[...path]": { class: "not-found" },
  "/v1/[...path]": { class: "not-found" },
  "/api/webhooks/resend": { class: "webhook" },
  "/t/o/[token]": { class: "tracking" },
  "/t/c/[token]": { class: "tracking" },
  "/unsubscribe/[token]": { class: "unsubscribe" },
};
