// Role words for messages, and the actor every member use case is told about. The role rules
// themselves (which role may grant which) live in packages/auth/src/permissions.ts; the API
// hands a use case the roles its caller may grant.
import type { WorkspaceRole } from "@mailstream/db/queries/workspace-members";

export type Role = WorkspaceRole;

/** Who is acting: a signed-in person (userId) or a secret key (userId null), with their role. */
export interface MemberActor {
  userId: string | null;
  role: Role;
  /** The roles this actor may give (canGrantRole in packages/auth). */
  grantable: readonly Role[];
}

const LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  marketer: "Marketer",
  developer: "Developer",
  analyst: "Analyst",
};

export function roleLabel(role: Role): string {
  return LABELS[role];
}
