// The app router: one sub-router per domain.
import { createTRPCRouter } from "../trpc";
import { apiKeysRouter } from "./api-keys";
import { auditRouter } from "./audit";
import { broadcastsRouter } from "./broadcasts";
import { computedTraitsRouter } from "./computed-traits";
import { contactsRouter } from "./contacts";
import { eventsRouter } from "./events";
import { ingestRouter } from "./ingest";
import { journeysRouter } from "./journeys";
import { membersRouter } from "./members";
import { messagesRouter } from "./messages";
import { metricsRouter } from "./metrics";
import { segmentsRouter } from "./segments";
import { sendersRouter } from "./senders";
import { ssoRouter } from "./sso";
import { runsRouter } from "./runs";
import { settingsRouter } from "./settings";
import { suppressionsRouter } from "./suppressions";
import { templatesRouter } from "./templates";
import { topicsRouter } from "./topics";
import { workspacesRouter } from "./workspaces";

export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  audit: auditRouter,
  broadcasts: broadcastsRouter,
  computedTraits: computedTraitsRouter,
  contacts: contactsRouter,
  events: eventsRouter,
  ingest: ingestRouter,
  journeys: journeysRouter,
  members: membersRouter,
  messages: messagesRouter,
  metrics: metricsRouter,
  segments: segmentsRouter,
  senders: sendersRouter,
  sso: ssoRouter,
  runs: runsRouter,
  settings: settingsRouter,
  suppressions: suppressionsRouter,
  templates: templatesRouter,
  topics: topicsRouter,
  workspaces: workspacesRouter,
});

export type AppRouter = typeof appRouter;
