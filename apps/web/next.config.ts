// Next.js config: the workspace packages ship TypeScript sources, so Next transpiles them;
// native/Node-heavy server deps (pg, Temporal's gRPC client) stay external so they load
// from node_modules at runtime instead of being bundled.
import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // No `X-Powered-By: Next.js`: nothing to gain from telling strangers the stack.
  poweredByHeader: false,
  // `npm start`/`npm test` build into their own folder so a developer's `next dev` (.next) never breaks them.
  distDir: process.env.MAILSTREAM_NEXT_DIST_DIR ?? ".next",
  transpilePackages: [
    "@mailstream/api",
    "@mailstream/auth",
    "@mailstream/core",
    "@mailstream/db",
    "@mailstream/emails",
    "@mailstream/env",
    "@mailstream/journey",
    "@mailstream/log",
    "@mailstream/temporal-contracts",
    "@mailstream/wire",
  ],
  serverExternalPackages: [
    "@temporalio/client",
    "@temporalio/common",
    "@temporalio/proto",
    "@temporalio/workflow",
    "@grpc/grpc-js",
    "pg",
    "pg-native",
    // Loads its optional stores (redis, mongo, …) lazily; only the Postgres one is used.
    "rate-limiter-flexible",
  ],
  // Lint and typecheck run as their own steps (`pnpm lint`, `pnpm typecheck`).
  eslint: { ignoreDuringBuilds: true },
};

export default config;
