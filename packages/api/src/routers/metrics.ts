// `metrics`: journey dashboards, experiments, the workspace overview and alerts — as
// queries, and live over SSE as subscriptions fed by the shared hub.
import { z } from "zod";
import { ZDashboardInputSchema } from "@mailstream/core/metrics/live-payload";
import {
  getJourneyDashboard,
  getJourneyMetrics,
  getJourneyReach,
  getVersionGraph,
  getWorkspaceOverview,
  listMetricsVersions,
  openJourneyDashboardStream,
  openWorkspaceOverviewStream,
} from "@mailstream/core/metrics/journey-metrics";
import {
  evaluateWorkspaceAlerts,
  getMetricSettings,
  lifecyclePauser,
  listAlerts,
  updateMetricSettings,
  ZMetricSettingsPatchSchema,
} from "@mailstream/core/alerts/alerts";
import {
  getTemplateMetrics,
  openTemplateMetricsStream,
  ZTemplateMetricsFilterSchema,
} from "@mailstream/core/metrics/template-metrics";
import {
  declareExperimentWinner,
  getExperiments,
  openExperimentsStream,
  ZExperimentFilterSchema,
} from "@mailstream/core/experiments/experiments";
import { openInLiveSlot } from "../live-subscriptions";
import { createTRPCRouter, permissionProcedure } from "../trpc";

export const metricsRouter = createTRPCRouter({
  journey: permissionProcedure("metrics:read")
    .input(ZDashboardInputSchema)
    .query(({ ctx, input }) => getJourneyMetrics(ctx.db, ctx.workspaceId, input)),

  dashboard: permissionProcedure("metrics:read")
    .input(ZDashboardInputSchema)
    .query(({ ctx, input }) => getJourneyDashboard(ctx.db, ctx.workspaceId, input)),

  dashboardLive: permissionProcedure("metrics:read")
    .input(ZDashboardInputSchema)
    .subscription(({ ctx, input, signal }) =>
      openInLiveSlot(ctx, signal, () =>
        openJourneyDashboardStream(ctx.db, ctx.liveMetrics, ctx.workspaceId, input, signal),
      ),
    ),

  /** Unique contacts that entered and got each email, shown beside runs and sends where they differ. */
  reach: permissionProcedure("metrics:read")
    .input(ZDashboardInputSchema)
    .query(({ ctx, input }) => getJourneyReach(ctx.db, ctx.workspaceId, input)),

  versions: permissionProcedure("metrics:read")
    .input(z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }) }))
    .query(({ ctx, input }) => listMetricsVersions(ctx.db, ctx.workspaceId, input.journeyId)),

  /** One published version's graph: the canvas under a version filter draws what those runs ran. */
  versionGraph: permissionProcedure("metrics:read")
    .input(
      z.object({
        journeyId: z.uuid({ message: "journeyId must be a UUID" }),
        versionId: z.uuid({ message: "versionId must be a UUID" }),
      }),
    )
    .query(({ ctx, input }) => getVersionGraph(ctx.db, ctx.workspaceId, input.journeyId, input.versionId)),

  /** One template's email metrics across every journey that sends it. */
  template: permissionProcedure("metrics:read")
    .input(ZTemplateMetricsFilterSchema)
    .query(({ ctx, input }) => getTemplateMetrics(ctx.db, ctx.workspaceId, input)),

  /** The template page over SSE: one aggregate per filter per process, fanned out. */
  templateLive: permissionProcedure("metrics:read")
    .input(ZTemplateMetricsFilterSchema)
    .subscription(({ ctx, input, signal }) =>
      openInLiveSlot(ctx, signal, () => openTemplateMetricsStream(ctx.db, ctx.workspaceId, input, signal)),
    ),

  experiments: permissionProcedure("metrics:read")
    .input(ZExperimentFilterSchema)
    .query(({ ctx, input }) => getExperiments(ctx.db, ctx.workspaceId, input)),

  /** The experiments panel over SSE: one aggregate per filter per process, fanned out. */
  experimentsLive: permissionProcedure("metrics:read")
    .input(ZExperimentFilterSchema)
    .subscription(({ ctx, input, signal }) =>
      openInLiveSlot(ctx, signal, () => openExperimentsStream(ctx.db, ctx.workspaceId, input, signal)),
    ),

  declareWinner: permissionProcedure("experiments:write")
    .input(ZExperimentFilterSchema.extend({ nodeId: z.string().min(1), variantId: z.string().min(1) }))
    .mutation(({ ctx, input }) => declareExperimentWinner(ctx.db, ctx.workspaceId, input, ctx.audit)),

  alerts: permissionProcedure("metrics:read")
    .input(z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }).optional() }))
    .query(({ ctx, input }) => listAlerts(ctx.db, ctx.workspaceId, input.journeyId)),

  /** Re-checks this workspace's rates now (the dispatcher's checker does it every 30 s); pauses as the settings say. */
  checkAlerts: permissionProcedure("alerts:write")
    .input(z.void())
    .mutation(({ ctx }) => evaluateWorkspaceAlerts(ctx.db, ctx.workspaceId, lifecyclePauser(ctx))),

  alertSettings: permissionProcedure("metrics:read")
    .input(z.void())
    .query(({ ctx }) => getMetricSettings(ctx.db, ctx.workspaceId)),

  updateAlertSettings: permissionProcedure("alerts:write")
    .input(ZMetricSettingsPatchSchema)
    .mutation(({ ctx, input }) => updateMetricSettings(ctx.db, ctx.workspaceId, input, ctx.audit)),

  overview: permissionProcedure("metrics:read")
    .input(z.void())
    .query(({ ctx }) => getWorkspaceOverview(ctx.db, ctx.workspaceId)),

  overviewLive: permissionProcedure("metrics:read")
    .input(z.void())
    .subscription(({ ctx, signal }) =>
      openInLiveSlot(ctx, signal, () => openWorkspaceOverviewStream(ctx.liveMetrics, ctx.workspaceId, signal)),
    ),
});
