// `metrics`: journey numbers as a query, and live over SSE as a subscription.
import { z } from "zod";
import { getJourneyMetrics, openJourneyMetricsStream } from "../services/metrics";
import { createTRPCRouter, workspaceProcedure } from "../trpc";

const ZJourneyIdSchema = z.object({ journeyId: z.uuid({ message: "journeyId must be a UUID" }) });

export const metricsRouter = createTRPCRouter({
  journey: workspaceProcedure
    .input(ZJourneyIdSchema)
    .query(({ ctx, input }) => getJourneyMetrics(ctx.db, ctx.workspaceId, input.journeyId)),

  journeyLive: workspaceProcedure
    .input(ZJourneyIdSchema)
    .subscription(({ ctx, input, signal }) =>
      openJourneyMetricsStream(ctx.db, ctx.liveMetrics, ctx.workspaceId, input.journeyId, signal),
    ),
});
