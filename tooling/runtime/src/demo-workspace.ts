// The demo workspace every embedded stack starts with: its API keys are generated once and
// kept in `<dataDir>/demo-keys.json` (the database stores only their hashes, so this file
// is how a second start prints the same keys), then the idempotent seed makes sure the
// workspace, keys and the "Welcome" journey exist, and that its owner can sign in with the
// login kept in `<dataDir>/demo-owner.json` (packages/auth/src/demo-owner.ts).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureDemoOwner, type DemoOwnerLogin } from "@mailstream/auth/demo-owner";
import { closeDb, createDb } from "@mailstream/db/client";
import { generateApiKey } from "@mailstream/db/queries/api-keys";
import { seedDemoWorkspace } from "@mailstream/core/seed/seed-demo-workspace";

export interface DemoKeys {
  writeKey: string;
  secretKey: string;
}

export function loadOrCreateDemoKeys(dataDir: string): DemoKeys {
  const file = path.join(dataDir, "demo-keys.json");
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${(error as Error).message}); delete it to generate new demo keys.`);
    }
    const keys = parsed as Partial<DemoKeys> | null;
    if (
      typeof keys?.writeKey !== "string" ||
      !keys.writeKey.startsWith("ms_wk_") ||
      typeof keys.secretKey !== "string" ||
      !keys.secretKey.startsWith("ms_sk_")
    ) {
      throw new Error(
        `${file} must hold {"writeKey": "ms_wk_…", "secretKey": "ms_sk_…"}; delete it to generate new demo keys.`,
      );
    }
    return { writeKey: keys.writeKey, secretKey: keys.secretKey };
  }
  const keys = { writeKey: generateApiKey("write"), secretKey: generateApiKey("secret") };
  // Owner-only: these keys grant access to the demo workspace.
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

export async function seedDemo(
  databaseUrl: string,
  keys: DemoKeys,
  owner?: DemoOwnerLogin,
): Promise<{ workspaceId: string }> {
  const { db } = createDb(databaseUrl);
  try {
    const seeded = await seedDemoWorkspace(db, keys);
    if (owner) await ensureDemoOwner(db, seeded.workspaceId, owner);
    return seeded;
  } finally {
    await closeDb(databaseUrl);
  }
}
