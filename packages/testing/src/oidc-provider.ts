// A real OpenID Connect provider for single sign-on tests (the `oidc-provider` package, the
// certified implementation), started on 127.0.0.1 at a random port. Its login and consent
// screens are answered by the test: `people` maps an account id to its claims, and the next
// authorization logs in as `loginAs`. Nothing here is a stand-in for Mailstream's side.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider from "oidc-provider";

export interface OidcPerson {
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The signing key (private), for tests that forge a token signed as the provider. */
  signingKey: JWK;
  people: Map<string, OidcPerson>;
  /** The account the next login screen signs in. */
  loginAs: (accountId: string) => void;
  close: () => Promise<void>;
}

export async function startOidcProvider(options: { redirectUri: string }): Promise<TestOidcProvider> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const people = new Map<string, OidcPerson>();
  let nextLogin = "";
  let provider: Provider | null = null;
  const server: Server = createServer((req, res) => {
    if (!provider) return res.writeHead(503).end();
    if (req.url?.startsWith("/interaction/")) {
      void answerInteraction(provider, req, res, () => nextLogin).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    void provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "mailstream-test";
  const clientSecret = "oidc-test-client-secret-0123456789";
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, accountId) => {
      const person = people.get(accountId);
      if (!person) return undefined;
      return {
        accountId,
        claims: () => ({
          sub: accountId,
          email: person.email,
          email_verified: person.emailVerified,
          name: person.name,
        }),
      };
    },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    signingKey,
    people,
    loginAs: (accountId) => {
      nextLogin = accountId;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The login screen signs in `loginAs`; the consent screen grants what was asked. */
async function answerInteraction(
  provider: Provider,
  req: Parameters<Provider["interactionDetails"]>[0],
  res: Parameters<Provider["interactionDetails"]>[1],
  nextLogin: () => string,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: nextLogin() } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const grant = new provider.Grant({
    accountId: details.session?.accountId as string,
    clientId: details.params.client_id as string,
  });
  grant.addOIDCScope(String(details.params.scope));
  const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
  if (missingClaims) grant.addOIDCClaims(missingClaims);
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}
