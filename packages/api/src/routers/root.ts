// The app router: one sub-router per domain.
import { createTRPCRouter } from "../trpc";
import { contactsRouter } from "./contacts";
import { ingestRouter } from "./ingest";
import { journeysRouter } from "./journeys";
import { messagesRouter } from "./messages";
import { metricsRouter } from "./metrics";
import { templatesRouter } from "./templates";

export const appRouter = createTRPCRouter({
  contacts: contactsRouter,
  ingest: ingestRouter,
  journeys: journeysRouter,
  messages: messagesRouter,
  metrics: metricsRouter,
  templates: templatesRouter,
});

export type AppRouter = typeof appRouter;
