// The server-side dependencies of the web app (db pool, lazy Temporal client), built once
// per process on first use. Shared by the tRPC context and the /api/v1 route handlers. The
// outbound guard (MAILSTREAM_OUTBOUND_ALLOW) is built here once too: test sends, fresh
// preference links and every other user-typed address connect through it.
import { createHttpDeps, type HttpDeps } from "@mailstream/api/http/deps";
import { configureEdgeLimits, ingestLimitFor } from "@mailstream/api/http/edge-limits";
import { createOutboundGuard, type OutboundGuard } from "@mailstream/net";
import { getEnv } from "./env";

// On globalThis: Next evaluates route handlers in separate module graphs, and dev reloads
// re-evaluate modules; one pool per process is the point.
const globalKey = Symbol.for("mailstream.webDeps");
type WebDeps = HttpDeps & { outbound: OutboundGuard };
const store = globalThis as typeof globalThis & { [globalKey]?: WebDeps };

export function getDeps(): WebDeps {
  if (!store[globalKey]) {
    const env = getEnv();
    const deps = createHttpDeps({
      databaseUrl: env.DATABASE_URL,
      temporalAddress: env.TEMPORAL_ADDRESS,
      temporalNamespace: env.TEMPORAL_NAMESPACE,
      trustedProxies: env.MAILSTREAM_TRUST_PROXY,
    });
    const ingest = ingestLimitFor(env.MAILSTREAM_INGEST_RATE, env.MAILSTREAM_INGEST_BURST);
    store[globalKey] = {
      ...deps,
      limits: configureEdgeLimits(deps.db, { ingest }),
      outbound: createOutboundGuard({ allow: env.MAILSTREAM_OUTBOUND_ALLOW }),
    };
  }
  return store[globalKey];
}
