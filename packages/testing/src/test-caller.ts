// Integration-test access to the app router: a caller over the real test database, acting
// for a fresh workspace through its secret key (the same path typed clients take), or for a
// signed-in member through their session cookie.
import { TRPCError } from "@trpc/server";
import { createHttpDeps } from "@mailstream/api/http/deps";
import { createCallerFactory, createContextFactory } from "@mailstream/api/trpc";
import { appRouter } from "@mailstream/api";
import { testAuth } from "./auth-fixtures";
import { testOutbound } from "./outbound";
import { testDb } from "./test-db";
import { testEnv } from "./test-env";
import { createWorkspaceWithKeys, type WorkspaceFixture } from "./workspace-fixtures";

const createCaller = createCallerFactory(appRouter);

/** The web app's deps over the test stack; its outbound guard allows this machine (outbound.ts). */
export function testDeps() {
  const env = testEnv();
  const deps = createHttpDeps({
    databaseUrl: env.databaseUrl,
    temporalAddress: env.temporalAddress,
    temporalNamespace: "default",
  });
  return { ...deps, outbound: testOutbound };
}

export { testDb };

/** The context factory of the web app, over the test database, with sessions readable. */
export function testContextFactory() {
  const deps = testDeps();
  return createContextFactory({ ...deps, auth: testAuth(deps.db) });
}

/** A caller whose requests carry `authorization`, or none at all (refused: there is no default workspace). */
export function callerWithAuth(authorization: string | null, contextFactory = testContextFactory()) {
  const headers = new Headers(authorization ? { authorization } : {});
  return createCaller(contextFactory({ headers }));
}

/** A caller whose requests carry a session cookie (see createMemberSession in packages/testing). */
export function callerWithCookie(cookie: string, contextFactory = testContextFactory()) {
  return createCaller(contextFactory({ headers: new Headers({ cookie }) }));
}

export async function createWorkspaceCaller(): Promise<{
  workspace: WorkspaceFixture;
  caller: ReturnType<typeof createCaller>;
}> {
  const workspace = await createWorkspaceWithKeys(testDb());
  return { workspace, caller: callerWithAuth(`Bearer ${workspace.secretKey}`) };
}

/** The TRPCError a call fails with (what a typed client sees); any other outcome fails the test. */
export async function catchTRPCError(call: () => Promise<unknown>): Promise<TRPCError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
