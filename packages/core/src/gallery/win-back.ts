// Gallery: win-back. A customer who has not ordered in a while (your app sends
// `customer_lapsed`) hears that they are missed; coming back to the store within five days
// earns a "what's new", staying away an A/B-tested offer, and a week later high-value
// customers a personal note. Any order ends the run; at most once in 90 days.
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import type { GalleryEntry } from "./gallery-entry";
import { allOf, email, link, step } from "./gallery-entry";
import {
  blockTemplate,
  button,
  columns,
  FIRST_NAME,
  heading,
  SHOP_URL,
  SIGN_OFF,
  subheading,
  text,
} from "./template-parts";
import tests from "./win-back.test.json";

export const winBack: GalleryEntry = {
  id: "win-back",
  name: "Win-back",
  description:
    "Bring lapsed customers back: a we-miss-you note, an A/B-tested offer for those who stay away, and a personal touch for your best customers.",
  events: [
    {
      name: "customer_lapsed",
      properties: ["days_since_order"],
      role: "Starts the journey (send it when a customer passes your lapse threshold); at most once in 90 days.",
    },
    {
      name: "session_started",
      properties: [],
      role: "A visit to the store: the run shows what is new instead of an offer.",
    },
    { name: "order_completed", properties: [], role: "The goal: any order within 30 days ends the run." },
  ],
  templates: {
    missYou: {
      name: "Win-back: we miss you",
      content: blockTemplate(
        'We miss you, {{ contact.first_name | default: "friend" }}',
        "A lot has changed since your last visit.",
        [
          heading("title", "It has been a while"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, it has been {{ event.properties.days_since_order | default: "a few" }} days since your last order and we wanted to say hello. A lot is new in the store — come and have a look.`,
          ),
          button("cta", "See what is new", `${SHOP_URL}/new`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    whatsNew: {
      name: "Win-back: what's new",
      content: blockTemplate("Good to see you again", "Here are the new arrivals picked for you.", [
        heading("title", "Welcome back"),
        text("intro", `Hi ${FIRST_NAME}, great to see you back. Three things people love right now:`),
        columns(
          "picks",
          [subheading("pick-1", "New arrivals"), text("pick-1-text", "Fresh in this week.")],
          [subheading("pick-2", "Best sellers"), text("pick-2-text", "What everyone is buying.")],
          [subheading("pick-3", "Back in stock"), text("pick-3-text", "Gone once, here again.")],
        ),
        button("cta", "Start browsing", `${SHOP_URL}/new`),
        text("signoff", SIGN_OFF),
      ]),
    },
    offerPercent: {
      name: "Win-back offer: 15% off",
      content: blockTemplate("15% off your next order, just for you", "Use code WELCOMEBACK15 within 7 days.", [
        heading("title", "A little something to welcome you back"),
        text("intro", `Hi ${FIRST_NAME}, here is 15% off your next order. The code works for 7 days:`),
        text("code", "**WELCOMEBACK15**", "center"),
        button("cta", "Shop with 15% off", `${SHOP_URL}/?code=WELCOMEBACK15`, "#16a34a"),
        text("signoff", SIGN_OFF),
      ]),
    },
    offerShipping: {
      name: "Win-back offer: free shipping",
      content: blockTemplate("Free shipping on your next order", "No minimum, for the next 7 days.", [
        heading("title", "Shipping is on us"),
        text("intro", `Hi ${FIRST_NAME}, your next order ships free — no minimum, for the next 7 days.`),
        button("cta", "Shop with free shipping", `${SHOP_URL}/?code=SHIPFREE`, "#16a34a"),
        text("signoff", SIGN_OFF),
      ]),
    },
    personal: {
      name: "Win-back: personal note",
      content: blockTemplate(
        'A personal note for you, {{ contact.first_name | default: "friend" }}',
        "You have been one of our best customers. Can we ask you something?",
        [
          text(
            "intro",
            `Hi ${FIRST_NAME}, you have been one of our best customers, and we noticed we have not seen you in a while. Was it something we did? Reply to this email — it comes straight to me, and I read every answer.`,
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
        event: "customer_lapsed",
        filters: [],
        entry: { reentry: "every_time", cooldown: { amount: 90, unit: "days" } },
      }),
      step("email-miss-you", 0, 1, email("missYou")),
      step("wait-visit", 0, 2, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 5, unit: "days" },
        untilEvent: {
          event: "session_started",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 5, unit: "days" },
        },
      }),
      step("email-whats-new", -1, 3, email("whatsNew")),
      step("exit-returned", -1, 4, { kind: "exit" }),
      step("split-offer", 1, 3, {
        kind: "split",
        variants: [
          { id: "percent", name: "15% off", weight: 50 },
          { id: "shipping", name: "Free shipping", weight: 50 },
        ],
        holdoutPercent: 0,
      }),
      step("email-offer-percent", 0.5, 4, email("offerPercent")),
      step("email-offer-shipping", 1.5, 4, email("offerShipping")),
      step("wait-offer", 1, 5, { kind: "wait", duration: { amount: 7, unit: "days" } }),
      step("branch-value", 1, 6, {
        kind: "branch",
        condition: allOf({ type: "trait", path: "lifetime_value", op: "gt", value: 500 }),
      }),
      step("email-personal", 0.5, 7, email("personal")),
      step("exit-vip", 0.5, 8, { kind: "exit" }),
      step("exit-lapsed", 1.5, 7, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "email-miss-you"),
      link("email-miss-you", "wait-visit"),
      link("wait-visit", "email-whats-new", "matched"),
      link("email-whats-new", "exit-returned"),
      link("wait-visit", "split-offer", "timed_out"),
      link("split-offer", "email-offer-percent", "percent"),
      link("split-offer", "email-offer-shipping", "shipping"),
      link("email-offer-percent", "wait-offer"),
      link("email-offer-shipping", "wait-offer"),
      link("wait-offer", "branch-value"),
      link("branch-value", "email-personal", "yes"),
      link("branch-value", "exit-lapsed", "no"),
      link("email-personal", "exit-vip"),
    ],
    settings: {
      goal: { event: "order_completed", filters: [], window: { amount: 30, unit: "days" } },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
