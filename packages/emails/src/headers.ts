// Headers every marketing email carries. RFC 8058 one-click: mailbox providers POST
// `List-Unsubscribe=One-Click` to the https URL in List-Unsubscribe (RFC 2369).
// The URL's signed token names the email's subscription topic when it has one, so the
// one-click POST leaves that topic only (the narrowest change that stops this kind of email;
// the preference page behind the same URL offers "unsubscribe from all"). Without a topic it
// unsubscribes from all marketing email. Transactional emails carry no List-Unsubscribe.
export function buildListUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
