// The column every workspace-owned table starts with: the owning workspace, whose deletion
// takes the row with it. Declared once so no table can forget the cascade.
import { uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

export const workspaceIdColumn = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
