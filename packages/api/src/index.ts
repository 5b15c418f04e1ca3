// Public entry of @mailstream/api: the tRPC app router, its type for clients, and the
// context factory a deployable wires its db and Temporal client into.
export { appRouter, type AppRouter } from "./routers/root";
export { AUDIT_ACTIONS, type AuditAction } from "@mailstream/core/audit/actions";
export { createCallerFactory, createContextFactory, type ApiDeps, type Context } from "./trpc";
export { retryAfterHeader } from "./test-send-limit";
