// The embedded demo's owner: generated once, kept in `<dataDir>/demo-owner.json` (0600, like
// the demo keys) so every start prints the same login; ensured on every start (created when
// missing, its password put back if someone changed it) without touching any other account.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@mailstream/db/client";
import { addInstanceOwner } from "@mailstream/db/queries/instance-owners";
import { ensureMember } from "./members";

export interface DemoOwnerLogin {
  email: string;
  password: string;
}

/** A reserved domain (RFC 2606 `.test`): the demo address can never reach a real inbox. */
export const DEMO_OWNER_EMAIL = "owner@demo.mailstream.test";

export function loadOrCreateDemoOwnerLogin(dataDir: string): DemoOwnerLogin {
  const file = path.join(dataDir, "demo-owner.json");
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<DemoOwnerLogin> | null;
    if (typeof parsed?.email !== "string" || typeof parsed.password !== "string" || parsed.password.length < 10) {
      throw new Error(`${file} must hold {"email": "…", "password": "…"}; delete it to generate a new demo login.`);
    }
    return { email: parsed.email, password: parsed.password };
  }
  const login = { email: DEMO_OWNER_EMAIL, password: randomBytes(15).toString("base64url") };
  writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  return login;
}

/** The demo owner owns its workspace and the instance (single sign-on settings). */
export async function ensureDemoOwner(db: Db, workspaceId: string, login: DemoOwnerLogin): Promise<void> {
  const userId = await ensureMember(db, { ...login, name: "Demo owner", workspaceId, role: "owner" });
  await addInstanceOwner(db, userId);
}
