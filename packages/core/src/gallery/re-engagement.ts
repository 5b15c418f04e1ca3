// Gallery: re-engagement (a sunset policy). A subscriber gone quiet (your app or a computed
// trait sends `subscriber_inactive`) is asked whether to stay on the list; confirming marks
// them active, opening the email counts as interest, and silence through a last chance marks
// them `sunset` and opted out, so they stop costing deliverability. An order exits the run.
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import type { GalleryEntry } from "./gallery-entry";
import { allOf, email, link, step } from "./gallery-entry";
import { blockTemplate, button, FIRST_NAME, heading, SIGN_OFF, text } from "./template-parts";
import tests from "./re-engagement.test.json";

const CONFIRM_URL = 'https://app.example.com/preferences/stay?contact={{ contact.userId | default: "" | url_encode }}';

export const reEngagement: GalleryEntry = {
  id: "re-engagement",
  name: "Re-engagement",
  description:
    "Ask quiet subscribers whether they still want your emails; keep those who say yes and sunset the rest to protect your deliverability.",
  events: [
    {
      name: "subscriber_inactive",
      properties: [],
      role: "Starts the journey (send it after, say, 90 days without an open or a click).",
    },
    {
      name: "subscription_confirmed",
      properties: [],
      role: "The subscriber asked to stay (your page behind the button sends it).",
    },
    { name: "order_completed", properties: [], role: "Exit criterion: a buyer is engaged, the run stops." },
  ],
  templates: {
    checkIn: {
      name: "Re-engagement check-in",
      content: blockTemplate(
        'Do you still want to hear from us, {{ contact.first_name | default: "friend" }}?',
        "One click keeps you on the list.",
        [
          heading("title", "Still with us?"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, we have not heard from you in a while. We only want to write to people who enjoy our emails — if that is you, tell us with one click.`,
          ),
          button("cta", "Yes, keep me on the list", CONFIRM_URL),
          text("note", "If we do not hear from you, we will stop emailing you in about a week. No hard feelings."),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    lastChance: {
      name: "Re-engagement last chance",
      content: blockTemplate(
        "Last chance: should we stop emailing you?",
        "We will take you off the list in three days unless you say otherwise.",
        [
          heading("title", "This is our last email, unless…"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, in three days we will take you off our list. Want to stay? One click is all it takes.`,
          ),
          button("cta", "Keep me subscribed", CONFIRM_URL),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    thanks: {
      name: "Re-engagement thanks",
      content: blockTemplate(
        'Thanks for staying, {{ contact.first_name | default: "friend" }}',
        "You are on the list. Here is what to expect.",
        [
          heading("title", "Glad you are staying"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, you are still on the list. Expect one email a week at most — and every one worth opening.`,
          ),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
  },
  graph: {
    nodes: [
      step("trigger", 0, 0, {
        kind: "trigger",
        event: "subscriber_inactive",
        filters: [],
        entry: { reentry: "once_at_a_time" },
      }),
      step("email-check-in", 0, 1, email("checkIn")),
      step("wait-confirm", 0, 2, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 5, unit: "days" },
        untilEvent: {
          event: "subscription_confirmed",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 5, unit: "days" },
        },
      }),
      step("update-active", -1, 3, {
        kind: "update_contact",
        updates: [{ op: "set", trait: "engagement_status", value: "active", as: "text" }],
      }),
      step("email-thanks", -1, 4, email("thanks")),
      step("exit-kept", -1, 5, { kind: "exit" }),
      step("branch-opened", 1, 3, {
        kind: "branch",
        condition: allOf({ type: "email_engagement", nodeId: "email-check-in", action: "opened" }),
      }),
      step("exit-opened", 2, 4, { kind: "exit" }),
      step("email-last-chance", 1, 4, email("lastChance")),
      step("wait-last", 1, 5, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 3, unit: "days" },
        untilEvent: {
          event: "subscription_confirmed",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 3, unit: "days" },
        },
      }),
      step("update-sunset", 1, 6, {
        kind: "update_contact",
        updates: [
          { op: "set", trait: "engagement_status", value: "sunset", as: "text" },
          { op: "set", trait: "marketing_opt_in", value: "false", as: "boolean" },
        ],
      }),
      step("exit-sunset", 1, 7, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "email-check-in"),
      link("email-check-in", "wait-confirm"),
      link("wait-confirm", "update-active", "matched"),
      link("update-active", "email-thanks"),
      link("email-thanks", "exit-kept"),
      link("wait-confirm", "branch-opened", "timed_out"),
      link("branch-opened", "exit-opened", "yes"),
      link("branch-opened", "email-last-chance", "no"),
      link("email-last-chance", "wait-last"),
      link("wait-last", "update-active", "matched"),
      link("wait-last", "update-sunset", "timed_out"),
      link("update-sunset", "exit-sunset"),
    ],
    settings: {
      goal: null,
      exitCriteria: [{ event: "order_completed", filters: [] }],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
