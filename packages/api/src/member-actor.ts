// What the member use cases need to know about the caller (packages/core/src/members/roles.ts):
// their user id (null for a key), role and the roles they may grant; and the per-user limit
// on sending invitations, on the one rate limiter (packages/auth/src/rate-limit.ts).
import type { Db } from "@mailstream/db/client";
import { canGrantRole, ROLES } from "@mailstream/auth/permissions";
import { createRateLimiter, RateLimitedError, type RateLimiter } from "@mailstream/auth/rate-limit";
import type { MemberActor } from "@mailstream/core/members/roles";
import { TRPCError } from "@trpc/server";
import type { Actor } from "./authz";

export function memberActor(actor: Actor): MemberActor {
  return {
    userId: actor.kind === "user" ? actor.user.userId : null,
    role: actor.role,
    grantable: ROLES.filter((role) => canGrantRole(actor.role, role)),
  };
}

/** Thirty invitations an hour per person (or per key's workspace): enough for a team, not for spam. */
export const INVITE_LIMIT = { name: "invite-sender", points: 30, durationSeconds: 3600 };

const limiters = new WeakMap<Db, RateLimiter>();

/** Refuses with 429 when `actor` has sent too many invitations lately; otherwise counts this one. */
export async function spendInvitation(db: Db, actor: Actor): Promise<void> {
  let limiter = limiters.get(db);
  if (!limiter) {
    limiter = createRateLimiter(db, INVITE_LIMIT);
    limiters.set(db, limiter);
  }
  const key = actor.kind === "user" ? `user:${actor.user.userId}` : `key:${actor.workspaceId}`;
  try {
    await limiter.check(key, "Too many invitations sent in the last hour. Wait a while and try again.");
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message });
  }
  await limiter.spend(key);
}
