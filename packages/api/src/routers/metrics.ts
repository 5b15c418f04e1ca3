// `metrics`: journey dashboards, experiments, the workspace overview and alerts — as
// queries, and live over SSE as subscriptions fed by the shared hub.
import { z } from "zod";
import { ZDashboardFilterSchema } from "../metrics/live-payload";
import {
  getJourneyDashboard,
  getJourneyMetrics,
  getWorkspaceOverview,
  openJourneyDashboardStream,
  openWorkspaceOverviewStream,
} from "../services/metrics";
import { declareExperimentWinner, getExperiments, ZExperimentFilterSchema } from "../services/metrics-experiments";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

export const metricsRouter = createTRPCRouter({
  journey: workspaceProcedure
    .input(ZDashboardFilterSchema)
    .query(({ ctx, input }) => getJourneyMetrics(ctx.db, ctx.workspaceId, input)),

  dashboard: workspaceProcedure
    .input(ZDashboardFilterSchema)
    .query(({ ctx, input }) => getJourneyDashboard(ctx.db, ctx.workspaceId, input)),

  dashboardLive: workspaceProcedure
    .input(ZDashboardFilterSchema)
    .subscription(({ ctx, input, signal }) =>
      openJourneyDashboardStream(ctx.db, ctx.liveMetrics, ctx.workspaceId, input, signal),
    ),

  experiments: workspaceProcedure
    .input(ZExperimentFilterSchema)
    .query(({ ctx, input }) => getExperiments(ctx.db, ctx.workspaceId, input)),

  declareWinner: workspaceProcedure
    .input(ZExperimentFilterSchema.extend({ nodeId: z.string().min(1), variantId: z.string().min(1) }))
    .mutation(({ ctx, input }) => declareExperimentWinner(ctx.db, ctx.workspaceId, input)),

  overview: workspaceProcedure.input(z.void()).query(({ ctx }) => getWorkspaceOverview(ctx.db, ctx.workspaceId)),

  overviewLive: workspaceProcedure
    .input(z.void())
    .subscription(({ ctx, signal }) => openWorkspaceOverviewStream(ctx.liveMetrics, ctx.workspaceId, signal)),
});
