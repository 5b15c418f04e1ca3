// Headers every marketing email carries. RFC 8058 one-click: mailbox providers POST
// `List-Unsubscribe=One-Click` to the https URL in List-Unsubscribe (RFC 2369).
export function buildListUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
