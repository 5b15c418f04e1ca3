// The lines `npm start` and `npm run start:cluster` print once everything is up: where the
// app is, how to sign in, the demo keys and an event to send (cluster mode adds its lines).
export interface BannerFacts {
  webUrl: string;
  temporalLine: string;
  login: { email: string; password: string };
  keys: { writeKey: string; secretKey: string };
  extraLines?: string[];
}

export function formatBanner(facts: BannerFacts): string {
  const rule = "═".repeat(72);
  const event = JSON.stringify({
    userId: "user-1",
    event: "signed_up",
    properties: { plan: "pro" },
    traits: { email: "ada@example.com" },
  });
  return [
    "",
    rule,
    `Mailstream is running at ${facts.webUrl}`,
    facts.temporalLine,
    `Login: ${facts.login.email} / ${facts.login.password}`,
    `Write key: ${facts.keys.writeKey}`,
    `Secret key: ${facts.keys.secretKey}`,
    ...(facts.extraLines ?? []),
    rule,
    'Send an event (starts the demo "Welcome" journey):',
    `  curl -X POST ${facts.webUrl}/api/v1/track -u '${facts.keys.writeKey}:' \\`,
    `    -H 'Content-Type: application/json' -d '${event}'`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}
