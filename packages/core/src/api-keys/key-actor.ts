// Who creates, rotates or revokes a key, as the key use cases need it. The role rule ("a key
// carries a role no higher than its creator's") lives in packages/auth (canGrantRole), which
// core may not import: the API layer hands over the roles this actor may give.
import type { ApiKeyRole } from "@mailstream/db/queries/api-keys";
import { AppError, AppErrorCode } from "../errors/app-error";

export interface KeyActor {
  /** The signed-in person; null when a secret key manages keys. */
  userId: string | null;
  role: ApiKeyRole;
  /** The roles this actor may give a key (packages/auth `canGrantRole`). */
  grantableRoles: readonly ApiKeyRole[];
}

/** "developer" → "Developer", as the role labels of the UI read. */
export function roleLabel(role: ApiKeyRole): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/** A 403 naming both roles when the actor may not hand out `role`. */
export function assertMayGrant(actor: KeyActor, role: ApiKeyRole, verb: "create" | "rotate"): void {
  if (actor.grantableRoles.includes(role)) return;
  throw new AppError(
    AppErrorCode.FORBIDDEN,
    `Your role (${roleLabel(actor.role)}) cannot ${verb} a secret key with the ${roleLabel(role)} role: a key's role can be at most your own. Ask an owner or admin.`,
  );
}
