// The Liquid context webhook bodies and trait updates render against: the same shape as an
// email's (`contact`, `event`, `journey`) plus `matchedEvents` from until-event waits.
import type { ConditionContact } from "@mailstream/db/queries/conditions";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";

export function buildLiquidContext(
  contact: ConditionContact,
  trigger: JourneyRunInput["trigger"],
  journeyId: string,
  matchedEvents: Record<string, MatchedEvent>,
): Record<string, unknown> {
  return {
    contact: { ...contact.traits, email: contact.email, userId: contact.userId },
    event: {
      ...trigger.traits,
      ...trigger.properties,
      name: trigger.event,
      properties: trigger.properties,
      traits: trigger.traits,
    },
    journey: { id: journeyId },
    /** Keyed by the wait node id: `{{ matchedEvents["wait-checkout"].properties.total }}`. */
    matchedEvents,
  };
}
