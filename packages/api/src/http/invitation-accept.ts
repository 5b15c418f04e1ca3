// POST /api/invitations/accept — someone without a session accepts an invitation by choosing
// a password. Open sign-up stays off (better-auth's `disableSignUp`): the account is created
// here, server-side, only for the invited address and only together with claiming the link
// (packages/core/src/members/invitations.ts). If the address already has an account, the
// password must be that account's: it is checked by better-auth's own sign-in (with its
// per-account and per-address limits) and then the link is claimed. Either way the answer
// carries the session cookie of better-auth's sign-in. The page reads the invitation through
// `describeInvitationLink`.
import type { Db } from "@mailstream/db/client";
import { clientAddress } from "@mailstream/auth/client-address";
import { hashUserPassword } from "@mailstream/auth/members";
import type { MailstreamAuth } from "@mailstream/auth/server";
import { AUTH_BASE_PATH } from "@mailstream/auth/server";
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  describeInvitation,
  INVITATION_MESSAGES,
  type InvitationView,
} from "@mailstream/core/members/invitations";
import { z } from "zod";
import { readBodyLimited } from "./body";
import { badRequest, errorResponse, jsonResponse, respond } from "./responses";

const ZAcceptBodySchema = z.object({
  token: z.string().min(1, "token is required").max(200),
  name: z.string().trim().min(1, "Enter your name").max(80, "At most 80 characters"),
  password: z.string().min(10, "At least 10 characters").max(128, "At most 128 characters"),
});

/** Worded for both cases, so it does not confirm that the address has an account. */
export const WRONG_ACCOUNT_PASSWORD =
  "That password does not fit. If this address already has a Mailstream account, use its password (or reset it from the sign-in page).";

export function describeInvitationLink(db: Db, token: string): Promise<InvitationView> {
  return describeInvitation(db, token);
}

export { INVITATION_MESSAGES };

/** better-auth's own sign-in endpoint, called as the browser would (its origin, its address). */
function signInThroughAuth(auth: MailstreamAuth, request: Request, email: string, password: string) {
  const headers = new Headers({ "content-type": "application/json" });
  for (const name of ["origin", "x-forwarded-for", "x-real-ip", "user-agent"]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const base = new URL(auth.options.baseURL ?? request.url);
  return auth.handler(
    new Request(new URL(`${AUTH_BASE_PATH}/sign-in/email`, base), {
      method: "POST",
      headers,
      body: JSON.stringify({ email, password }),
    }),
  );
}

function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter(Boolean)
    .join("; ");
}

function withCookies(signedIn: Response, body: unknown): Response {
  const response = jsonResponse(200, body);
  for (const line of signedIn.headers.getSetCookie()) response.headers.append("set-cookie", line);
  return response;
}

export function handleInvitationAccept(
  request: Request,
  deps: { db: Db; auth: MailstreamAuth; trustedProxies?: number | undefined },
): Promise<Response> {
  return respond("invitation accept", async () => {
    const body = await readBodyLimited(request, 4096);
    if (!body.ok) return errorResponse(413, "The request body is too large.");
    let json: unknown;
    try {
      json = JSON.parse(body.text || "null");
    } catch {
      return badRequest([{ path: "body", message: "not valid JSON" }]);
    }
    const parsed = ZAcceptBodySchema.safeParse(json);
    if (!parsed.success)
      return badRequest(
        parsed.error.issues.map((issue) => ({ path: issue.path.join(".") || "body", message: issue.message })),
      );
    const { token, name, password } = parsed.data;
    // For the `member.join` audit row the new member writes.
    const sourceAddress = clientAddress(request.headers, deps.trustedProxies ?? 0);

    const created = await acceptInvitationWithNewAccount({
      db: deps.db,
      token,
      name,
      hashPassword: () => hashUserPassword(password),
      sourceAddress,
    });
    const signedIn = await signInThroughAuth(deps.auth, request, created.email, password);
    if (created.status === "created") {
      if (!signedIn.ok) return errorResponse(500, "Your account was created, but signing in failed: sign in by hand.");
      return withCookies(signedIn, { success: true, workspaceId: created.workspaceId });
    }
    // An existing account: its password proves it is theirs; then the link is claimed.
    if (signedIn.status === 429) return signedIn;
    if (!signedIn.ok) return errorResponse(401, WRONG_ACCOUNT_PASSWORD);
    const session = await deps.auth.api.getSession({ headers: new Headers({ cookie: sessionCookie(signedIn) }) });
    if (!session) return errorResponse(500, "Signing in failed; try again.");
    try {
      const joined = await acceptInvitation({
        db: deps.db,
        token,
        userId: session.user.id,
        userEmail: session.user.email,
        sessionId: session.session.id,
        sourceAddress,
      });
      return withCookies(signedIn, { success: true, workspaceId: joined.workspaceId });
    } catch (error) {
      // The link was taken meanwhile: the session made for it is not handed out.
      await deps.auth.api
        .revokeSession({
          body: { token: session.session.token },
          headers: new Headers({ cookie: sessionCookie(signedIn) }),
        })
        .catch(() => undefined);
      throw error;
    }
  });
}
