// Waiting for an email to arrive in the in-app Inbox (the outbox transport's view), the
// way a person would: open the Inbox and refresh until it is listed.
import { expect, type Locator, type Page } from "@playwright/test";

export interface InboxMatch {
  /** Only an email to this recipient counts; keeps parallel runs from matching each other. */
  to?: string;
  timeoutMs?: number;
}

/** Opens the Inbox and waits until an email with `subject` is listed; returns its entry. */
export async function waitForInboxEmail(
  page: Page,
  subject: string | RegExp,
  match: InboxMatch = {},
): Promise<Locator> {
  await page.goto("/inbox");
  let entry = page.getByRole("row").filter({ hasText: subject });
  if (match.to) entry = entry.filter({ hasText: match.to });
  await expect(
    async () => {
      if ((await entry.count()) === 0) await page.reload();
      await expect(entry.first()).toBeVisible({ timeout: 2_000 });
    },
    `an email "${String(subject)}"${match.to ? ` to ${match.to}` : ""} should reach the Inbox`,
  ).toPass({
    timeout: match.timeoutMs ?? 30_000,
  });
  return entry.first();
}
