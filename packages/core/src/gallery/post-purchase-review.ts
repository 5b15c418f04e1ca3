// Gallery: post-purchase review. Keyed on the order: once that order is delivered and has had
// three days to settle, ask for a review; a rating of 4 or more is met with an invitation to
// share it, a lower one with a real offer to make it right, and no review with one reminder.
// A refund of anything exits the run.
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import type { GalleryEntry } from "./gallery-entry";
import { allOf, email, link, step } from "./gallery-entry";
import { blockTemplate, button, FIRST_NAME, heading, repeat, SHOP_URL, SIGN_OFF, text } from "./template-parts";
import tests from "./post-purchase-review.test.json";

const REVIEW_URL = `{{ event.properties.review_url | default: "${SHOP_URL}/account/orders" }}`;
const ORDER = '{{ event.properties.order_id | default: "" }}';

export const postPurchaseReview: GalleryEntry = {
  id: "post-purchase-review",
  name: "Post-purchase review",
  description:
    "Ask for a review once the order has arrived, thank happy customers with a share request and reach out to unhappy ones before they churn.",
  events: [
    {
      name: "order_completed",
      properties: ["order_id", "review_url", "items[].name"],
      role: "Starts the journey, one run per order (entry key order_id).",
    },
    { name: "order_delivered", properties: ["order_id"], role: "The same order arrived: the review request follows." },
    {
      name: "review_submitted",
      properties: ["order_id", "rating"],
      role: "The review of that order; its rating (1–5) picks the reply.",
    },
    { name: "order_refunded", properties: [], role: "Exit criterion: no review requests after a refund." },
  ],
  templates: {
    request: {
      name: "Review request",
      content: blockTemplate(
        'How is your order, {{ contact.first_name | default: "friend" }}?',
        "Tell us in one click — it helps other shoppers decide.",
        [
          heading("title", "How did we do?"),
          text("intro", `Hi ${FIRST_NAME}, your order ${ORDER} arrived a few days ago. How are you finding it?`),
          repeat("items", "event.properties.items", "item", 5, text("item", "· {{ item.name }}")),
          button("cta", "Write a quick review", REVIEW_URL),
          text("note", "It takes under a minute, and every review is read by our team."),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    reminder: {
      name: "Review reminder",
      content: blockTemplate("A minute for a quick review?", "Your opinion helps other shoppers — and us.", [
        text(
          "intro",
          `Hi ${FIRST_NAME}, if you have a minute, we would love to hear what you think of your order ${ORDER}.`,
        ),
        button("cta", "Rate your order", REVIEW_URL),
        text("signoff", SIGN_OFF),
      ]),
    },
    share: {
      name: "Review thanks: share",
      content: blockTemplate(
        'Thank you for the {{ matchedEvents["wait-review"].properties.rating | default: "great" }}-star review!',
        "Would you share it with a friend? They get 10% off.",
        [
          heading("title", "You made our day"),
          text("intro", `Thank you, ${FIRST_NAME}! Reviews like yours keep a small team going.`),
          text(
            "referral",
            "Know someone who would love it too? Share your link — they get 10% off their first order, and you get the same on your next one.",
          ),
          button("cta", "Share with a friend", `${SHOP_URL}/refer`, "#16a34a"),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    makeItRight: {
      name: "Review follow-up: make it right",
      content: blockTemplate("We are sorry — let us make it right", "A real person will help with your order.", [
        heading("title", "We are sorry"),
        text(
          "intro",
          `Hi ${FIRST_NAME}, thank you for your honest review. We are sorry your order did not live up to expectations. Reply to this email and a member of our team will arrange a replacement or a refund — whichever you prefer.`,
        ),
        button("cta", "Get help with my order", `${SHOP_URL}/help`),
        text("signoff", SIGN_OFF),
      ]),
    },
  },
  graph: {
    nodes: [
      step("trigger", 0, 0, {
        kind: "trigger",
        event: "order_completed",
        filters: [],
        entry: { reentry: "every_time", entryKey: "properties.order_id" },
      }),
      step("wait-delivery", 0, 1, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 14, unit: "days" },
        untilEvent: {
          event: "order_delivered",
          filters: [],
          matchOnEntryKey: true,
          timeout: { amount: 14, unit: "days" },
        },
      }),
      step("exit-undelivered", 1, 2, { kind: "exit" }),
      step("wait-settle", 0, 2, { kind: "wait", duration: { amount: 3, unit: "days" } }),
      step("email-request", 0, 3, email("request")),
      step("wait-review", 0, 4, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 5, unit: "days" },
        untilEvent: {
          event: "review_submitted",
          filters: [],
          matchOnEntryKey: true,
          timeout: { amount: 5, unit: "days" },
        },
      }),
      step("branch-rating", -1, 5, {
        kind: "branch",
        condition: allOf({
          type: "matched_event",
          nodeId: "wait-review",
          path: "properties.rating",
          op: "gt",
          value: 3,
        }),
      }),
      step("email-share", -1.5, 6, email("share")),
      step("email-make-it-right", -0.5, 6, email("makeItRight")),
      step("exit-reviewed", -1, 7, { kind: "exit" }),
      step("email-reminder", 1, 5, email("reminder")),
      step("exit-no-review", 1, 6, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "wait-delivery"),
      link("wait-delivery", "wait-settle", "matched"),
      link("wait-delivery", "exit-undelivered", "timed_out"),
      link("wait-settle", "email-request"),
      link("email-request", "wait-review"),
      link("wait-review", "branch-rating", "matched"),
      link("wait-review", "email-reminder", "timed_out"),
      link("branch-rating", "email-share", "yes"),
      link("branch-rating", "email-make-it-right", "no"),
      link("email-share", "exit-reviewed"),
      link("email-make-it-right", "exit-reviewed"),
      link("email-reminder", "exit-no-review"),
    ],
    settings: {
      goal: null,
      exitCriteria: [{ event: "order_refunded", filters: [] }],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
