// Single sign-on in a real browser: the demo owner (the instance owner) configures an OpenID
// provider started by this spec (oidc-provider on 127.0.0.1) and a domain rule on the Single
// sign-on page; a new person of that domain signs in with "Sign in with SSO" through the
// provider's real authorization flow and lands in the demo workspace with the rule's role.
// The settings are switched off again at the end, so other specs see the plain sign-in page.
import { randomUUID } from "node:crypto";
import { startOidcProvider } from "@mailstream/testing/oidc-provider";
import { expect, test } from "../helpers/auth";

test("the instance owner configures SSO and a new person of a ruled domain lands in the workspace", async ({
  page,
  browser,
  baseURL,
}) => {
  const callbackUrl = new URL("/api/auth/sso/callback", baseURL).toString();
  const idp = await startOidcProvider({ redirectUri: callbackUrl });
  const domain = `${randomUUID().slice(0, 8)}.sso-e2e.test`;
  const accountId = `e2e-${randomUUID()}`;
  idp.people.set(accountId, { email: `robin@${domain}`, emailVerified: true, name: "Robin SSO" });
  idp.loginAs(accountId);
  try {
    await page.goto("/overview");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Single sign-on" }).click();
    await expect(page.getByRole("heading", { name: "Single sign-on", level: 1 })).toBeVisible();
    await expect(page.getByLabel(/Callback URL/)).toHaveValue(callbackUrl);
    await page.getByLabel("Issuer URL").fill(idp.issuer);
    await page.getByLabel("Client ID").fill(idp.clientId);
    await page.getByLabel(/Client secret/).fill(idp.clientSecret);
    await page.getByLabel(/Enabled/).check();
    await page.getByTestId("sso-provider").getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("sso-provider").getByText("Saved")).toBeVisible();
    await expect(page.getByLabel(/Client secret/)).toHaveValue("");
    await expect(page.getByText("Client secret (set)")).toBeVisible();

    await page.getByLabel("Email domain").fill(domain);
    await page.getByTestId("sso-rules").getByLabel("Role").selectOption({ label: "Marketer" });
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByTestId("sso-rules").getByRole("row", { name: new RegExp(domain) });
    await expect(rule).toContainText("Marketer");
    const workspaceName = (await rule.getByRole("cell").nth(1).textContent()) ?? "";

    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    try {
      const newcomer = await context.newPage();
      await newcomer.goto("/sign-in");
      await newcomer.getByRole("button", { name: "Sign in with SSO" }).click();
      await expect(newcomer).toHaveURL(/\/overview$/);
      await expect(newcomer.getByTestId("workspace-role")).toHaveText("Marketer");
      await expect(newcomer.getByRole("combobox", { name: "Workspace" })).toHaveValue(/.+/);
      await expect(newcomer.getByRole("combobox", { name: "Workspace" }).locator("option:checked")).toHaveText(
        workspaceName,
      );
    } finally {
      await context.close();
    }
  } finally {
    // Other specs sign in on the plain page: switch SSO off again.
    await page.request.post("/api/trpc/sso.save", {
      data: {
        json: { issuer: idp.issuer, clientId: idp.clientId, scopes: "openid email profile", enabled: false },
      },
    });
    await idp.close();
  }
});
