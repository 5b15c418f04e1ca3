// Shapes the API keys components share, inferred from the tRPC router so they cannot drift.
import type { AppRouter } from "@mailstream/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AppRouter>;
export type ApiKeysView = Outputs["apiKeys"]["list"];
export type ApiKeyRow = ApiKeysView["keys"][number];
export type CreatedKey = Outputs["apiKeys"]["create"];
export type GrantableRole = ApiKeysView["grantableRoles"][number];
