// Shapes the metrics components share, inferred from the tRPC router so they cannot drift.
import type { AppRouter } from "@mailstream/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type Dashboard = Outputs["metrics"]["dashboard"];
export type FlowMetrics = Dashboard["flow"];
export type EmailNodeView = Dashboard["emails"][number];
export type EmailCountsView = EmailNodeView["counts"];
export type SeriesPointView = Dashboard["series"][number];
export type ExperimentView = Outputs["metrics"]["experiments"][number];
export type DashboardFilterInput = inferRouterInputs<AppRouter>["metrics"]["dashboard"];
export type MetricsRange = NonNullable<DashboardFilterInput["range"]>;
export type SeriesGrain = NonNullable<DashboardFilterInput["grain"]>;
export type AlertView = Outputs["metrics"]["alerts"][number];
export type AlertSettingsView = Outputs["metrics"]["alertSettings"];
export type TemplateMetricsView = Outputs["metrics"]["template"];
