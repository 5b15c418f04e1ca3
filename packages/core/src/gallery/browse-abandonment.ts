// Gallery: browse abandonment. A product viewed and not added to the cart within four hours
// earns one email about it: a stronger one, with the product's picture, when the contact came
// back to look three times or more in a day. At most once in three days; any order ends the run.
import type { Block } from "@mailstream/emails/blocks";
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import type { GalleryEntry } from "./gallery-entry";
import { allOf, email, link, step } from "./gallery-entry";
import { blockTemplate, button, FIRST_NAME, heading, SHOP_URL, SIGN_OFF, text } from "./template-parts";
import tests from "./browse-abandonment.test.json";

const PRODUCT = '{{ event.properties.product_name | default: "it" }}';
const PRODUCT_URL = `{{ event.properties.product_url | default: "${SHOP_URL}" }}`;
const productImage: Block = {
  type: "image",
  id: "product-image",
  src: `{{ event.properties.image_url | default: "${SHOP_URL}/images/placeholder.png" }}`,
  alt: '{{ event.properties.product_name | default: "The product you viewed" }}',
  width: 480,
  href: PRODUCT_URL,
};

export const browseAbandonment: GalleryEntry = {
  id: "browse-abandonment",
  name: "Browse abandonment",
  description:
    "Follow up on products people looked at but did not add to their cart, with a stronger note for those who came back to look again and again.",
  events: [
    {
      name: "product_viewed",
      properties: ["product_name", "product_url", "image_url", "price"],
      role: "Starts the journey (once at a time, 3-day cooldown); counted to spot keen browsers.",
    },
    { name: "added_to_cart", properties: [], role: "Ends the wait: the cart journey takes over." },
    { name: "order_completed", properties: [], role: "The goal: any order within 7 days ends the run." },
  ],
  templates: {
    reminder: {
      name: "Browse reminder",
      content: blockTemplate(`Still thinking about ${PRODUCT}?`, "It is still here when you are ready.", [
        heading("title", "Caught your eye?"),
        text(
          "intro",
          `Hi ${FIRST_NAME}, you were looking at **${PRODUCT}**. Take another look — it is still in stock.`,
        ),
        productImage,
        button("cta", "Take another look", PRODUCT_URL),
        text("signoff", SIGN_OFF),
      ]),
    },
    topPick: {
      name: "Browse top pick",
      content: blockTemplate(
        `${PRODUCT} is waiting for you`,
        "You keep coming back — here is everything you need to decide.",
        [
          heading("title", "You have good taste"),
          text("intro", `Hi ${FIRST_NAME}, you have come back to **${PRODUCT}** a few times. Here it is again:`),
          productImage,
          text(
            "price",
            "{% if event.properties.price %}**{{ event.properties.price }}** · {% endif %}Free returns within 30 days",
            "center",
          ),
          button("cta", "Add it to your cart", PRODUCT_URL, "#16a34a"),
          text("help", "Not sure about the size or fit? Reply and we will help you choose."),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
  },
  graph: {
    nodes: [
      step("trigger", 0, 0, {
        kind: "trigger",
        event: "product_viewed",
        filters: [],
        entry: { reentry: "once_at_a_time", cooldown: { amount: 3, unit: "days" } },
      }),
      step("wait-cart", 0, 1, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 4, unit: "hours" },
        untilEvent: {
          event: "added_to_cart",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 4, unit: "hours" },
        },
      }),
      step("exit-carted", -1, 2, { kind: "exit" }),
      step("branch-interest", 0.5, 2, {
        kind: "branch",
        condition: allOf({
          type: "event_count",
          event: "product_viewed",
          filters: [],
          comparison: "at_least",
          count: 3,
          within: { amount: 1, unit: "days" },
        }),
      }),
      step("email-top-pick", 0, 3, email("topPick")),
      step("email-reminder", 1, 3, email("reminder")),
      step("exit", 0.5, 4, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "wait-cart"),
      link("wait-cart", "exit-carted", "matched"),
      link("wait-cart", "branch-interest", "timed_out"),
      link("branch-interest", "email-top-pick", "yes"),
      link("branch-interest", "email-reminder", "no"),
      link("email-top-pick", "exit"),
      link("email-reminder", "exit"),
    ],
    settings: {
      goal: { event: "order_completed", filters: [], window: { amount: 7, unit: "days" } },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
