// Server side of tRPC in the web app: one context factory per process (it owns the live
// metrics hub, so every SSE subscriber shares one poller per journey), used by the
// /api/trpc route handler and by server components through `getServerCaller()`.
import { appRouter, createCallerFactory, createContextFactory, type Context } from "@mailstream/api";
import { headers } from "next/headers";
import { getAuth } from "@/server/auth";
import { getDeps } from "@/server/deps";
import { getEnv } from "@/server/env";
import { getSystemMail } from "@/server/system-mail";

type ContextFactory = (opts: { headers: Headers }) => Context;

// Kept on globalThis: Next evaluates route handlers and server components in separate module
// graphs (and re-evaluates on dev reloads); a second factory would mean a second hub.
const globalKey = Symbol.for("mailstream.trpcContextFactory");
const store = globalThis as typeof globalThis & { [globalKey]?: ContextFactory };

export function getContextFactory(): ContextFactory {
  // The secret seals transport credentials saved in Settings (never sent to the browser).
  store[globalKey] ??= createContextFactory({
    ...getDeps(),
    secret: getEnv().MAILSTREAM_SECRET,
    auth: getAuth(),
    systemMail: getSystemMail(),
  });
  return store[globalKey];
}

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller for server components, acting as the browser's session (its cookie) would. */
export async function getServerCaller() {
  return createCaller(getContextFactory()({ headers: new Headers(await headers()) }));
}
