// The search attributes every journey run carries, so an operator finds runs in the Temporal UI
// or CLI by journey, version or contact (`MailstreamContactId="<uuid>"`). Internal ids only:
// never the contact's userId or email, which may be personal data, and Temporal's visibility
// store is out of reach of a contact's erasure. Registered on the dev server by the supervisor
// and the test stack (`--search-attribute`), on a cluster with `temporal operator
// search-attribute create` (docs/operations.md); set by the dispatcher when it starts a run.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from "@temporalio/common";

export const JOURNEY_ID_ATTRIBUTE = defineSearchAttributeKey("MailstreamJourneyId", SearchAttributeType.KEYWORD);
export const JOURNEY_VERSION_ID_ATTRIBUTE = defineSearchAttributeKey(
  "MailstreamJourneyVersionId",
  SearchAttributeType.KEYWORD,
);
export const CONTACT_ID_ATTRIBUTE = defineSearchAttributeKey("MailstreamContactId", SearchAttributeType.KEYWORD);

/** Each attribute's name and its type as the `temporal` CLI spells it (`--search-attribute Name=Type`). */
export const RUN_SEARCH_ATTRIBUTES: readonly { name: string; cliType: "Keyword" }[] = [
  JOURNEY_ID_ATTRIBUTE,
  JOURNEY_VERSION_ID_ATTRIBUTE,
  CONTACT_ID_ATTRIBUTE,
].map((key) => ({ name: key.name, cliType: "Keyword" }));

/** The attributes a run's workflow starts with. */
export function runSearchAttributes(run: {
  journeyId: string;
  versionId: string;
  contactId: string;
}): SearchAttributePair[] {
  return [
    { key: JOURNEY_ID_ATTRIBUTE, value: run.journeyId },
    { key: JOURNEY_VERSION_ID_ATTRIBUTE, value: run.versionId },
    { key: CONTACT_ID_ATTRIBUTE, value: run.contactId },
  ];
}
