// /settings/instance/sso: the instance's single sign-on provider and its domain rules, for the
// instance owner only (the `sso` procedures refuse everyone else with a 403 as well). Shows the
// callback URL to register at the provider.
import type { Metadata } from "next";
import { TRPCError } from "@trpc/server";
import { SsoSettings } from "@/components/sso/sso-settings";
import { getEnv } from "@/server/env";
import { getServerCaller } from "@/trpc/server-context";

export const metadata: Metadata = { title: "Single sign-on" };
export const dynamic = "force-dynamic";

export default async function SsoSettingsPage() {
  const caller = await getServerCaller();
  let initial;
  try {
    initial = await caller.sso.get();
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code !== "FORBIDDEN") throw error;
    return (
      <div className="page">
        <h1>Single sign-on</h1>
        <p className="card card-body">Only the instance owner configures single sign-on.</p>
      </div>
    );
  }
  const callbackUrl = new URL("/api/auth/sso/callback", getEnv().MAILSTREAM_PUBLIC_URL).toString();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Single sign-on</h1>
          <p>
            One OpenID Connect provider for this whole instance (Okta, Google Workspace, Keycloak, Entra ID), and which
            workspace people of each email domain join on their first sign-in.
          </p>
        </div>
      </header>
      <SsoSettings initial={initial} callbackUrl={callbackUrl} />
    </div>
  );
}
