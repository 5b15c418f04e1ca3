// The "Update contact" node: renders each set value with Liquid, coerces it to its type and
// merges the result into contacts.traits in one statement (idempotent under retries).
import { ApplicationFailure } from "@temporalio/activity";
import type { Db } from "@mailstream/db/client";
import { mergeContactTraits } from "@mailstream/db/queries/contact-updates";
import { findConditionContact } from "@mailstream/db/queries/conditions";
import { renderLiquid } from "@mailstream/emails/liquid";
import type { PlanStep } from "@mailstream/journey/plan";
import type { JourneyRunInput, MatchedEvent } from "@mailstream/temporal-contracts";
import { buildLiquidContext } from "./liquid-context";

export const PERMANENT_UPDATE_ERROR = "PermanentUpdateError";

export interface UpdateContactInput {
  journeyId: string;
  contactId: string;
  trigger: JourneyRunInput["trigger"];
  matchedEvents: Record<string, MatchedEvent>;
  updates: Extract<PlanStep, { kind: "update_contact" }>["updates"];
}

export interface UpdateContactResult {
  status: "updated" | "skipped";
  set: Record<string, unknown>;
  unset: string[];
}

function coerce(text: string, as: "text" | "number" | "boolean", trait: string): unknown {
  if (as === "text") return text;
  if (as === "number") {
    const n = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(n))
      throw ApplicationFailure.nonRetryable(`trait "${trait}": "${text}" is not a number`, PERMANENT_UPDATE_ERROR);
    return n;
  }
  const lowered = text.trim().toLowerCase();
  if (lowered !== "true" && lowered !== "false")
    throw ApplicationFailure.nonRetryable(`trait "${trait}": "${text}" is not true or false`, PERMANENT_UPDATE_ERROR);
  return lowered === "true";
}

export function createUpdateContactActivity(db: Db) {
  return async function updateContact(input: UpdateContactInput): Promise<UpdateContactResult> {
    const contact = await findConditionContact(db, input.contactId);
    if (!contact) return { status: "skipped", set: {}, unset: [] };
    const context = buildLiquidContext(contact, input.trigger, input.journeyId, input.matchedEvents);
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const update of input.updates) {
      if (update.op === "unset") {
        unset.push(update.trait);
        continue;
      }
      let text: string;
      try {
        text = renderLiquid(update.value, context, { mode: "text" });
      } catch (error) {
        throw ApplicationFailure.nonRetryable(
          `trait "${update.trait}": ${(error as Error).message}`,
          PERMANENT_UPDATE_ERROR,
        );
      }
      set[update.trait] = coerce(text, update.as, update.trait);
    }
    const isPresent = await mergeContactTraits(db, input.contactId, { set, unset });
    return { status: isPresent ? "updated" : "skipped", set, unset };
  };
}
