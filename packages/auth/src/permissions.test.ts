// The permission table against the matrix of issue 12, row by row.
import { describe, expect, it } from "vitest";
import { canGrantRole, PERMISSIONS, permissionsOf, ROLES, roleHas, type Permission, type Role } from "./permissions";

const MATRIX: [Permission, Role[]][] = [
  ["workspace:delete", ["owner"]],
  ["workspace:manage", ["owner", "admin"]],
  ["contacts:erase", ["owner", "admin"]],
  ["journeys:write", ["owner", "admin", "marketer"]],
  ["sends:test", ["owner", "admin", "marketer"]],
  ["suppressions:write", ["owner", "admin", "marketer"]],
  ["apiKeys:write", ["owner", "admin", "developer"]],
  ["eventSchemas:write", ["owner", "admin", "developer"]],
  ["contacts:read", ["owner", "admin", "marketer", "developer"]],
  ["messages:read", ["owner", "admin", "marketer", "developer"]],
  ["journeys:read", ["owner", "admin", "marketer", "developer", "analyst"]],
  ["metrics:read", ["owner", "admin", "marketer", "developer", "analyst"]],
];

describe("permissions", () => {
  it.each(MATRIX)("%s belongs to exactly %j", (permission, roles) => {
    expect(ROLES.filter((role) => roleHas(role, permission))).toEqual(roles);
  });

  it("gives the owner everything and every role the read rows", () => {
    expect(permissionsOf("owner")).toEqual(Object.keys(PERMISSIONS));
    for (const role of ROLES) expect(permissionsOf(role)).toContain("runs:read");
  });

  it("lets a role grant only roles whose permissions it holds (API keys up to one's own role)", () => {
    expect(canGrantRole("owner", "owner")).toBe(true);
    expect(canGrantRole("admin", "owner")).toBe(false);
    expect(canGrantRole("admin", "developer")).toBe(true);
    expect(canGrantRole("developer", "developer")).toBe(true);
    expect(canGrantRole("developer", "analyst")).toBe(true);
    expect(canGrantRole("developer", "marketer")).toBe(false);
    expect(canGrantRole("developer", "admin")).toBe(false);
  });
});
