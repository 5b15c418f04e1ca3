// Email metrics of one template across every journey that sends it: counts per journey,
// links and the chart series, for the template's metrics page. Polled, not pushed: a
// template page is opened rarely next to the journey dashboards the live hub serves.
import type { Db } from "@mailstream/db/client";
import { findTemplateEmailMetrics, findTemplateEmailSeries } from "@mailstream/db/queries/metrics-template";
import { findTemplateById } from "@mailstream/db/queries/templates";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { filterWindow, ZDashboardFilterSchema } from "../metrics/live-payload";

export const ZTemplateMetricsFilterSchema = ZDashboardFilterSchema.pick({ range: true, grain: true, from: true, to: true })
  .extend({ templateId: z.uuid({ message: "templateId must be a UUID" }) })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "to must be later than from", path: ["to"] });
export type TemplateMetricsFilter = z.infer<typeof ZTemplateMetricsFilterSchema>;

export async function getTemplateMetrics(db: Db, workspaceId: string, filter: TemplateMetricsFilter) {
  const template = await findTemplateById(db, workspaceId, filter.templateId);
  if (!template)
    throw new TRPCError({ code: "NOT_FOUND", message: `Template ${filter.templateId} does not exist in this workspace.` });
  const query = { workspaceId, templateId: template.id, ...filterWindow(filter) };
  const [metrics, series] = await Promise.all([
    findTemplateEmailMetrics(db, query),
    findTemplateEmailSeries(db, { ...query, grain: filter.grain }),
  ]);
  return { template: { id: template.id, name: template.name, subject: template.subject }, ...metrics, series, grain: filter.grain };
}
