// Who may do what, in one place: named permissions → the roles that hold them. Every tRPC
// procedure and guarded HTTP route names one of these (packages/api/src/trpc.ts), and the
// permission walk test (packages/api/src/routers/permission-walk.test.ts) checks the table
// against the router. Rows follow the matrix of issue 12.

export const ROLES = ["owner", "admin", "marketer", "developer", "analyst"] as const;
export type Role = (typeof ROLES)[number];

const OWNER: readonly Role[] = ["owner"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const MARKETING: readonly Role[] = ["owner", "admin", "marketer"];
const BUILDERS: readonly Role[] = ["owner", "admin", "developer"];
const PEOPLE_DATA: readonly Role[] = ["owner", "admin", "marketer", "developer"];
const EVERYONE: readonly Role[] = ROLES;

export const PERMISSIONS = {
  // delete the workspace, transfer ownership
  "workspace:delete": OWNER,
  // members, roles, transports, senders, workspace settings
  "workspace:manage": ADMINS,
  // the workspace's audit log (page, CSV, read API)
  "audit:read": ADMINS,
  // GDPR erasure of a contact
  "contacts:erase": ADMINS,
  // journeys, templates, segments, topics, suppressions, alerts, declare a winner, test sends
  "journeys:write": MARKETING,
  "templates:write": MARKETING,
  "segments:write": MARKETING,
  "topics:write": MARKETING,
  "suppressions:write": MARKETING,
  "alerts:write": MARKETING,
  "experiments:write": MARKETING,
  "sends:test": MARKETING,
  // act on live runs from the drill-down: end, continue now, move to another step
  "runs:manage": MARKETING,
  // broadcasts: edit drafts, and send / pause / resume / cancel them
  "broadcasts:write": MARKETING,
  "broadcasts:send": MARKETING,
  // API keys (up to the holder's own role), event schemas, computed traits
  "apiKeys:write": BUILDERS,
  "eventSchemas:write": BUILDERS,
  "computedTraits:write": BUILDERS,
  // people's data: contacts (and their traits), events, inbox and message bodies, settings
  "contacts:read": PEOPLE_DATA,
  "contacts:write": PEOPLE_DATA,
  "events:read": PEOPLE_DATA,
  "messages:read": PEOPLE_DATA,
  "settings:read": PEOPLE_DATA,
  // journeys, metrics, experiments, runs (read), CSV exports; the workspace's catalogue
  "journeys:read": EVERYONE,
  "metrics:read": EVERYONE,
  "runs:read": EVERYONE,
  "exports:read": EVERYONE,
  "catalog:read": EVERYONE,
  "broadcasts:read": EVERYONE,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Every permission a role holds (the UI hides what is not in this list). */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((permission) => roleHas(role, permission));
}

/** "Up to their own role": a role may be given only by someone holding every permission it carries. */
export function canGrantRole(giver: Role, role: Role): boolean {
  return permissionsOf(role).every((permission) => roleHas(giver, permission));
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  marketer: "Marketer",
  developer: "Developer",
  analyst: "Analyst",
};
