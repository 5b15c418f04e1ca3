// The one way specs sign in. The global setup signs the demo owner in once and saves the
// session as a storage state; `test` from here gives every page and `request` that session.
// `signInAs` makes a member of a given role (straight in the e2e stack's database, as an
// invitation would) and signs them in through the real sign-in page in a fresh context.
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureMember } from "@mailstream/auth/members";
import type { Role } from "@mailstream/auth/permissions";
import { closeDb, createDb } from "@mailstream/db/client";
import { test as base, expect, type Browser, type Page } from "@playwright/test";

/** Written by global-setup.ts: the demo owner's signed-in session. */
export const OWNER_STORAGE_STATE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  ".auth",
  "demo-owner.json",
);

export const test = base.extend<{ failOnCspViolation: void }>({
  storageState: OWNER_STORAGE_STATE,
  // Every spec doubles as a check of the Content Security Policy (apps/web/src/server/surface.ts):
  // Chromium reports each blocked script, style or frame as a console error.
  failOnCspViolation: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && message.text().includes("Content Security Policy")) {
          violations.push(message.text());
        }
      });
      await use();
      expect(violations, "Content Security Policy violations in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The demo owner's login (printed by `npm start`; handed over by the global setup). */
export function ownerLogin(): { email: string; password: string } {
  const { MAILSTREAM_E2E_OWNER_EMAIL: email, MAILSTREAM_E2E_OWNER_PASSWORD: password } = process.env;
  if (!email || !password) throw new Error("the e2e global setup did not publish the demo owner's login");
  return { email, password };
}

/** Fills the sign-in page and waits to land on `expectedPath` (default: the overview). */
export async function signInThroughPage(
  page: Page,
  email: string,
  password: string,
  expectedPath = /\/overview$/,
): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(expectedPath);
}

/** A new person with `role` in `workspaceId` (the demo workspace unless said), signed in in a fresh context. */
export async function signInAs(
  browser: Browser,
  role: Role,
  workspaceId: string,
): Promise<{ page: Page; email: string; close: () => Promise<void> }> {
  const databaseUrl = process.env.MAILSTREAM_E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error("the e2e global setup did not publish the database URL");
  const email = `${role}-${randomUUID().slice(0, 8)}@e2e.mailstream.test`;
  const password = `pw-${randomUUID()}`;
  const { db } = createDb(databaseUrl, { max: 1 });
  try {
    await ensureMember(db, { email, name: `E2E ${role}`, password, workspaceId, role });
  } finally {
    await closeDb(databaseUrl);
  }
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInThroughPage(page, email, password);
  return { page, email, close: () => context.close() };
}
