// Applies the committed SQL migrations in packages/db/drizzle.
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDb } from "./client";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const { db } = createDb(databaseUrl);
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
