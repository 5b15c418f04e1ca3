// Email metrics of one template across every journey that sends it: counts per journey,
// links and the chart series, for the template's metrics page — read once, or pushed live
// through a live hub (one aggregate per filter per process, fanned out to every open page).
import type { Db } from "@mailstream/db/client";
import { findTemplateEmailMetrics, findTemplateEmailSeries } from "@mailstream/db/queries/metrics-template";
import { findTemplateById } from "@mailstream/db/queries/templates";
import { AppError, AppErrorCode } from "../errors/app-error";
import { z } from "zod";
import { hubPerDatabase, type LiveMetricsHub } from "./live-hub";
import { filterWindow, ZDashboardFilterSchema } from "./live-payload";

export const ZTemplateMetricsFilterSchema = ZDashboardFilterSchema.pick({
  range: true,
  grain: true,
  from: true,
  to: true,
})
  .extend({ templateId: z.uuid({ message: "templateId must be a UUID" }) })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "to must be later than from", path: ["to"] });
export type TemplateMetricsFilter = z.infer<typeof ZTemplateMetricsFilterSchema>;

export async function getTemplateMetrics(db: Db, workspaceId: string, filter: TemplateMetricsFilter) {
  const template = await findTemplateById(db, workspaceId, filter.templateId);
  if (!template)
    throw new AppError(AppErrorCode.NOT_FOUND, `Template ${filter.templateId} does not exist in this workspace.`);
  const query = { workspaceId, templateId: template.id, ...filterWindow(filter) };
  const [metrics, series] = await Promise.all([
    findTemplateEmailMetrics(db, query),
    findTemplateEmailSeries(db, { ...query, grain: filter.grain }),
  ]);
  return {
    template: { id: template.id, name: template.name, subject: template.subject },
    ...metrics,
    series,
    grain: filter.grain,
  };
}

export type TemplateMetrics = Awaited<ReturnType<typeof getTemplateMetrics>>;

export function templateMetricsKey(workspaceId: string, filter: TemplateMetricsFilter): string {
  const { templateId, range, grain } = filter;
  return JSON.stringify([
    workspaceId,
    templateId,
    range,
    grain,
    filter.from?.toISOString() ?? null,
    filter.to?.toISOString() ?? null,
  ]);
}

export function loadTemplateMetricsByKey(db: Db, key: string): Promise<TemplateMetrics> {
  const [workspaceId, templateId, range, grain, from, to] = JSON.parse(key) as unknown[];
  const window = {
    from: typeof from === "string" ? new Date(from) : null,
    to: typeof to === "string" ? new Date(to) : null,
  };
  return getTemplateMetrics(
    db,
    String(workspaceId),
    ZTemplateMetricsFilterSchema.parse({ templateId, range, grain, ...window }),
  );
}

// Each open filter is polled once a second, per process.
const templateMetricsHub = hubPerDatabase<TemplateMetrics>({ intervalMs: 1_000, load: loadTemplateMetricsByKey });

export async function openTemplateMetricsStream(
  db: Db,
  workspaceId: string,
  filter: TemplateMetricsFilter,
  signal?: AbortSignal,
  hub: LiveMetricsHub<TemplateMetrics> = templateMetricsHub(db),
): Promise<AsyncIterable<TemplateMetrics>> {
  // Refuses another workspace's (or a missing) template before anything is polled.
  if (!(await findTemplateById(db, workspaceId, filter.templateId)))
    throw new AppError(AppErrorCode.NOT_FOUND, `Template ${filter.templateId} does not exist in this workspace.`);
  return hub.subscribe(templateMetricsKey(workspaceId, filter), signal);
}
