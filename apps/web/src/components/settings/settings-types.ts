// Shapes the settings components share, inferred from the tRPC router so they cannot drift.
import type { AppRouter } from "@mailstream/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type SettingsView = Outputs["settings"]["get"];
export type TopicView = Outputs["topics"]["list"][number];
export type SenderView = Outputs["senders"]["list"][number];
export type TransportView = SettingsView["transport"];
export type SuppressionsView = Outputs["suppressions"]["list"];
