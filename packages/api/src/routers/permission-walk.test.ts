// The permission walk: every procedure of the app router declares who may call it (its meta
// `access`, set by the procedure variant in ../trpc.ts), and for each role, a key without a
// role that fits, a write key and no credentials at all, a real call (real sessions, real
// Postgres) is refused with UNAUTHORIZED/FORBIDDEN exactly when the permission table says so.
// A new procedure without a declaration fails here.
import { PERMISSION_NAMES, ROLES, roleHas, type Role } from "@mailstream/auth/permissions";
import { addInstanceOwner } from "@mailstream/auth/instance-owner";
import { createMemberSession } from "@mailstream/testing/auth-fixtures";
import { createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProcedureAccess } from "../trpc";
import { appRouter } from "./root";
import { callerWithAuth, callerWithCookie, testDb } from "@mailstream/testing/test-caller";

type AnyProcedure = { _def: { meta?: { access?: ProcedureAccess }; type: "query" | "mutation" | "subscription" } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

type Who = {
  label: string;
  role: Role | null;
  kind: "session" | "key" | "write-key" | "nobody" | "bad-scheme";
  /** An instance owner (instance_owners): may call the instance procedures, whatever the role. */
  isInstanceOwner?: boolean;
};
type Outcome = "allowed" | "UNAUTHORIZED" | "FORBIDDEN";

function expected(access: ProcedureAccess, who: Who): Outcome {
  if (access.kind === "ingest") return who.kind === "key" || who.kind === "write-key" ? "allowed" : "UNAUTHORIZED";
  if (who.kind === "nobody" || who.kind === "write-key" || who.kind === "bad-scheme")
    return (access.kind === "session" || access.kind === "instance") && who.kind !== "nobody"
      ? "FORBIDDEN"
      : "UNAUTHORIZED";
  if (access.kind === "session") return who.kind === "session" ? "allowed" : "FORBIDDEN";
  if (access.kind === "instance") return who.isInstanceOwner === true ? "allowed" : "FORBIDDEN";
  if (access.kind === "member") return "allowed";
  return roleHas(who.role as Role, access.permission) ? "allowed" : "FORBIDDEN";
}

async function call(caller: unknown, path: string): Promise<Outcome> {
  const fn = path.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], caller) as (
    input: unknown,
  ) => Promise<unknown>;
  try {
    const result = await fn(undefined);
    // A subscription that was let in hands back its stream: close it.
    const stream = (result as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> } | null)?.[Symbol.asyncIterator];
    if (typeof stream === "function") await stream.call(result).return?.();
    return "allowed";
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN")) return error.code;
    return "allowed"; // refused later, by input or state: auth let it through
  }
}

describe("every procedure declares its access", () => {
  it("has a declaration naming a known permission", () => {
    expect(procedures.length).toBeGreaterThan(90);
    const undeclared = procedures.filter(([, p]) => !p._def.meta?.access).map(([path]) => path);
    expect(
      undeclared,
      "procedures without permissionProcedure/memberProcedure/sessionProcedure/ingestProcedure",
    ).toEqual([]);
    for (const [path, procedure] of procedures) {
      const access = procedure._def.meta?.access as ProcedureAccess;
      if (access.kind === "permission") expect(PERMISSION_NAMES, path).toContain(access.permission);
    }
  });

  it("keeps the mutations that change a workspace behind a permission", () => {
    const loose = procedures
      .filter(([, p]) => p._def.type === "mutation" && p._def.meta?.access?.kind !== "permission")
      .map(([path]) => path);
    // Ingest writes events with a key; the workspace procedures act on the session itself;
    // the instance settings (sso.*) are for instance owners, whatever their workspace role.
    expect(
      loose.filter(
        (path) =>
          !path.startsWith("ingest.") &&
          !path.startsWith("workspaces.") &&
          !(
            path.startsWith("sso.") && procedures.find(([p]) => p === path)?.[1]._def.meta?.access?.kind === "instance"
          ),
      ),
    ).toEqual([]);
  });
});

describe("permission walk against real sessions and keys", () => {
  const callers = new Map<string, { who: Who; caller: ReturnType<typeof callerWithAuth> }>();

  beforeAll(async () => {
    const db = testDb();
    const workspace = await createWorkspaceWithKeys(db);
    for (const role of ROLES) {
      const member = await createMemberSession(db, workspace.workspaceId, role);
      callers.set(`session:${role}`, {
        who: { label: `${role} session`, role, kind: "session" },
        caller: callerWithCookie(member.cookie),
      });
    }
    // An instance owner whose workspace role is the lowest: instance procedures let them in anyway.
    const instanceOwner = await createMemberSession(db, workspace.workspaceId, "analyst");
    await addInstanceOwner(db, instanceOwner.userId);
    callers.set("instance-owner", {
      who: { label: "instance owner (analyst session)", role: "analyst", kind: "session", isInstanceOwner: true },
      caller: callerWithCookie(instanceOwner.cookie),
    });
    for (const role of ["admin", "developer", "analyst"] as const) {
      const keyed = await createWorkspaceWithKeys(db, role);
      callers.set(`key:${role}`, {
        who: { label: `${role} secret key`, role, kind: "key" },
        caller: callerWithAuth(`Bearer ${keyed.secretKey}`),
      });
    }
    callers.set("write-key", {
      who: { label: "write key", role: null, kind: "write-key" },
      caller: callerWithAuth(`Bearer ${workspace.writeKey}`),
    });
    callers.set("nobody", {
      who: { label: "no credentials", role: null, kind: "nobody" },
      caller: callerWithAuth(null),
    });
    callers.set("bad-scheme", {
      who: { label: "Authorization: Token …", role: null, kind: "bad-scheme" },
      caller: callerWithAuth(`Token ${workspace.secretKey}`),
    });
    callers.set("forged", {
      who: { label: "forged session cookie", role: null, kind: "nobody" },
      caller: callerWithCookie("better-auth.session_token=forged.value"),
    });
  });

  it("refuses or lets in every procedure exactly as the permission table says", async () => {
    const mismatches: string[] = [];
    const tally: Record<string, number> = {};
    for (const [path, procedure] of procedures) {
      const access = procedure._def.meta?.access;
      if (!access) continue; // reported by the declaration test
      for (const { who, caller } of callers.values()) {
        // A session is never a key: ingest with a cookie only is a 401 like nobody.
        const want = expected(access, who);
        const got = await call(caller, path);
        tally[got] = (tally[got] ?? 0) + 1;
        if (got !== want) mismatches.push(`${path} as ${who.label}: expected ${want}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Both answers occur: the walk is not vacuous.
    expect(tally.allowed).toBeGreaterThan(100);
    expect(tally.FORBIDDEN).toBeGreaterThan(50);
    expect(tally.UNAUTHORIZED).toBeGreaterThan(100);
  });
});
