// Senders and transport secrets in a real browser: declare a domain and an address on the
// Settings page (a bad value is named), see an undeclared default From refused, remove them
// again; the transport form warns that a changed host clears the saved password. The demo
// workspace's transport is never saved here, so the other specs keep sending to the outbox.
import { expect, test } from "../helpers/auth";
import { randomSuffix } from "../helpers/ingest";

test.use({ viewport: { width: 1440, height: 900 } });

test("declare and remove senders; an undeclared default From is refused", async ({ page }) => {
  const domain = `e2e-${randomSuffix()}.example.test`;
  await page.goto("/settings");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Senders" }) });
  const input = card.getByLabel("Sender address or domain");

  await test.step("a bad value is named", async () => {
    await input.fill("not a sender");
    await card.getByRole("button", { name: "Add sender" }).click();
    await expect(card.getByRole("alert")).toContainText('"not a sender" is neither an email address nor a domain');
  });

  await test.step("an undeclared default From is refused, naming it", async () => {
    const general = page.getByTestId("general-settings");
    await general.getByLabel("Default from").fill(`News <news@${domain}>`);
    await general.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`"news@${domain}" is not a declared sender of this workspace`)).toBeVisible();
  });

  await test.step("declare the domain and an address, then remove both", async () => {
    await input.fill(`@${domain.toUpperCase()}`);
    await card.getByRole("button", { name: "Add sender" }).click();
    await expect(card.getByRole("row", { name: new RegExp(`${domain}.*every address`) })).toBeVisible();
    await input.fill(`Billing <billing@${domain}>`);
    await card.getByRole("button", { name: "Add sender" }).click();
    await expect(card.getByRole("cell", { name: `billing@${domain}`, exact: true })).toBeVisible();
    await page.screenshot({ path: "test-results/senders-card.png", fullPage: true });
    await card.getByRole("button", { name: `Remove billing@${domain}` }).click();
    await card.getByRole("button", { name: `Remove ${domain}` }).click();
    await expect(card.getByRole("cell", { name: domain })).toHaveCount(0);
  });
});

test("the transport form says a changed host clears the saved password", async ({ page }) => {
  await page.goto("/settings");
  await page.getByRole("radio", { name: /SMTP/ }).check();
  // Nothing saved for SMTP in the demo workspace: the hint explains the rule without a warning.
  await expect(page.getByText(/Kept while the host, port, TLS and user stay the same/)).toBeVisible();
});
