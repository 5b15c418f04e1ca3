// Gallery: abandoned cart. An hour after a cart is filled, a reminder listing what is in it;
// then, keyed on the same cart, either help for a checkout that was started and not finished,
// or — for a cart worth more than 100 — an A/B test of two incentives, else a last call.
// Any order ends the run (the goal), so nobody who bought hears about their cart again.
import type { GalleryEntry } from "./gallery-entry";
import { allOf, email, link, step } from "./gallery-entry";
import {
  blockTemplate,
  button,
  columns,
  divider,
  FIRST_NAME,
  heading,
  repeat,
  SHOP_URL,
  SIGN_OFF,
  text,
} from "./template-parts";
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import tests from "./abandoned-cart.test.json";

const CART_URL = `{{ event.properties.cart_url | default: "${SHOP_URL}/cart" }}`;

const cartItems = repeat(
  "items",
  "event.properties.items",
  "item",
  5,
  columns(
    "item-row",
    [text("item-name", "**{{ item.name }}**")],
    [text("item-price", "{{ item.quantity | default: 1 }} × {{ item.price }}", "right")],
  ),
);

export const abandonedCart: GalleryEntry = {
  id: "abandoned-cart",
  name: "Abandoned cart",
  description:
    "Win back carts left behind: a reminder after an hour, help for a stalled checkout, and an A/B-tested incentive for big carts. Any order ends it.",
  events: [
    {
      name: "added_to_cart",
      properties: ["cart_id", "cart_total", "cart_url", "items[].name", "items[].price", "items[].quantity"],
      role: "Starts the journey, once per cart at a time (entry key cart_id).",
    },
    { name: "checkout_started", properties: ["cart_id"], role: "The same cart's checkout: the run offers help." },
    { name: "order_completed", properties: [], role: "The goal: any order within 3 days ends the run." },
  ],
  templates: {
    reminder: {
      name: "Cart reminder",
      content: blockTemplate(
        "{% if contact.first_name %}{{ contact.first_name }}, you{% else %}You{% endif %} left something in your cart",
        "Your cart is saved — pick up right where you left off.",
        [
          heading("title", "Still thinking it over?"),
          text("intro", `Hi ${FIRST_NAME}, your cart is saved and waiting for you:`),
          cartItems,
          divider("rule"),
          text("total", '**Total: {{ event.properties.cart_total | default: "see your cart" }}**', "right"),
          button("cta", "Return to your cart", CART_URL),
          text(
            "help",
            "Questions about sizing, shipping or returns? Reply to this email — a real person reads every one.",
          ),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    checkoutHelp: {
      name: "Cart checkout help",
      content: blockTemplate(
        "Need a hand with your checkout?",
        "We noticed your checkout did not go through. We can help.",
        [
          heading("title", "Did something go wrong?"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, you started checking out but did not finish. If a payment failed, a code did not apply or a question stopped you, reply and we will sort it out.`,
          ),
          button("cta", "Finish checking out", CART_URL),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    freeShipping: {
      name: "Cart incentive: free shipping",
      content: blockTemplate(
        'Free shipping on your cart, {{ contact.first_name | default: "friend" }}',
        "Your cart ships free for the next 48 hours.",
        [
          heading("title", "Shipping is on us"),
          text("intro", `Hi ${FIRST_NAME}, finish your order in the next 48 hours and we will ship it free.`),
          cartItems,
          button("cta", "Check out with free shipping", CART_URL, "#16a34a"),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    discount: {
      name: "Cart incentive: 10% off",
      content: blockTemplate(
        '10% off the cart you left, {{ contact.first_name | default: "friend" }}',
        "Use code COMEBACK10 at checkout within 48 hours.",
        [
          heading("title", "Here is 10% off"),
          text("intro", `Hi ${FIRST_NAME}, use the code below at checkout in the next 48 hours.`),
          text("code", "**COMEBACK10**", "center"),
          cartItems,
          button("cta", "Use my 10% off", CART_URL, "#16a34a"),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    lastCall: {
      name: "Cart last call",
      content: blockTemplate("Last call for your cart", "We will hold it a little longer.", [
        heading("title", "Your cart will not wait forever"),
        text("intro", `Hi ${FIRST_NAME}, popular items sell out and we cannot hold your cart much longer.`),
        cartItems,
        button("cta", "Complete your order", CART_URL),
        text("signoff", SIGN_OFF),
      ]),
    },
  },
  graph: {
    nodes: [
      step("trigger", 0, 0, {
        kind: "trigger",
        event: "added_to_cart",
        filters: [],
        entry: { reentry: "once_at_a_time", entryKey: "properties.cart_id" },
      }),
      step("wait-1h", 0, 1, { kind: "wait", duration: { amount: 1, unit: "hours" } }),
      step("email-reminder", 0, 2, email("reminder")),
      step("wait-checkout", 0, 3, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 1, unit: "days" },
        untilEvent: {
          event: "checkout_started",
          filters: [],
          matchOnEntryKey: true,
          timeout: { amount: 1, unit: "days" },
        },
      }),
      step("wait-2h", -1, 4, { kind: "wait", duration: { amount: 2, unit: "hours" } }),
      step("email-checkout-help", -1, 5, email("checkoutHelp")),
      step("exit-helped", -1, 6, { kind: "exit" }),
      step("branch-cart-value", 1, 4, {
        kind: "branch",
        condition: allOf({ type: "trigger", path: "properties.cart_total", op: "gt", value: 100 }),
      }),
      step("split-incentive", 1, 5, {
        kind: "split",
        variants: [
          { id: "free-shipping", name: "Free shipping", weight: 50 },
          { id: "discount", name: "10% off", weight: 50 },
        ],
        holdoutPercent: 0,
      }),
      step("email-free-shipping", 0.5, 6, email("freeShipping")),
      step("email-discount", 1.5, 6, email("discount")),
      step("exit-incentive", 1, 7, { kind: "exit" }),
      step("email-last-call", 2.2, 5, email("lastCall")),
      step("exit-last-call", 2.2, 6, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "wait-1h"),
      link("wait-1h", "email-reminder"),
      link("email-reminder", "wait-checkout"),
      link("wait-checkout", "wait-2h", "matched"),
      link("wait-2h", "email-checkout-help"),
      link("email-checkout-help", "exit-helped"),
      link("wait-checkout", "branch-cart-value", "timed_out"),
      link("branch-cart-value", "split-incentive", "yes"),
      link("branch-cart-value", "email-last-call", "no"),
      link("split-incentive", "email-free-shipping", "free-shipping"),
      link("split-incentive", "email-discount", "discount"),
      link("email-free-shipping", "exit-incentive"),
      link("email-discount", "exit-incentive"),
      link("email-last-call", "exit-last-call"),
    ],
    settings: {
      goal: { event: "order_completed", filters: [], window: { amount: 3, unit: "days" } },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
