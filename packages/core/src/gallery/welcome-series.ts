// Gallery: welcome series. A welcome on sign-up; if the first project follows within two days,
// three days later free-plan contacts hear about upgrading and paying ones get power tips;
// if not, a nudge, and after three more quiet days an offer of help. Subscribing ends the run.
import { ZJourneyTestFileSchema } from "@mailstream/journey/test-file";
import type { GalleryEntry } from "./gallery-entry";
import { anyOf, email, link, step } from "./gallery-entry";
import {
  blockTemplate,
  button,
  columns,
  FIRST_NAME,
  heading,
  SIGN_OFF,
  subheading,
  text,
  when,
} from "./template-parts";
import tests from "./welcome-series.test.json";

const APP_URL = "https://app.example.com";

export const welcomeSeries: GalleryEntry = {
  id: "welcome-series",
  name: "Welcome series",
  description:
    "Greet new sign-ups, get them to their first project, then pitch the upgrade or share power tips depending on their plan. Subscribing ends it.",
  events: [
    { name: "signed_up", properties: ["plan"], role: "Starts the journey, once per contact ever." },
    { name: "project_created", properties: [], role: "Activation: the run moves on to plan-specific tips." },
    { name: "subscription_started", properties: [], role: "The goal: subscribing within 14 days ends the run." },
  ],
  templates: {
    welcome: {
      name: "Welcome",
      content: blockTemplate(
        'Welcome aboard, {{ contact.first_name | default: "friend" }}!',
        "Your account is ready. Here is the one thing to do first.",
        [
          heading("title", `Welcome, ${FIRST_NAME}!`),
          text(
            "intro",
            "Thanks for signing up{% if event.properties.plan %} for the **{{ event.properties.plan }}** plan{% endif %}. Your account is ready.",
          ),
          text(
            "first-step",
            "The fastest way to see what it can do is to create your first project. It takes about two minutes.",
          ),
          button("cta", "Create your first project", `${APP_URL}/projects/new`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    nudge: {
      name: "Welcome nudge",
      content: blockTemplate(
        "Your first project takes two minutes",
        "Pick a starter and you are done before your coffee cools.",
        [
          heading("title", "Ready when you are"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, you have not created a project yet. Start from one of these and change it as you go:`,
          ),
          columns(
            "starters",
            [
              subheading("starter-1", "Newsletter"),
              text("starter-1-text", "A weekly email your readers look forward to."),
            ],
            [
              subheading("starter-2", "Onboarding"),
              text("starter-2-text", "Greet new customers and show them around."),
            ],
          ),
          button("cta", "Pick a starter", `${APP_URL}/projects/new`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    helpOffer: {
      name: "Welcome help offer",
      content: blockTemplate(
        'Can we help you get set up, {{ contact.first_name | default: "friend" }}?',
        "Book 15 minutes with us, or just reply.",
        [
          heading("title", "Stuck? We can help"),
          text(
            "intro",
            `Hi ${FIRST_NAME}, getting started can be the hardest part. Book a short call and we will set up your first project together — or reply and tell us what is in the way.`,
          ),
          button("cta", "Book 15 minutes", `${APP_URL}/help/call`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    upgrade: {
      name: "Welcome upgrade",
      content: blockTemplate(
        "You are off to a great start — here is what comes next",
        "Everything in the free plan, plus the features teams use most.",
        [
          heading("title", "Nice work on your first project"),
          text("intro", `Hi ${FIRST_NAME}, you are up and running. When you are ready for more, the Pro plan adds:`),
          text("features", "**Unlimited projects** · **Team seats** · **Priority support**"),
          button("cta", "See the Pro plan", `${APP_URL}/billing/upgrade`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
    powerTips: {
      name: "Welcome power tips",
      content: blockTemplate(
        'Three power tips for your {{ contact.plan | default: "new" }} plan',
        "Shortcuts our most active customers swear by.",
        [
          heading("title", "Three power tips"),
          text("intro", `Hi ${FIRST_NAME}, now that your first project is live, these save the most time:`),
          text("tip-1", "**1. Templates** — save any project as a template and start the next one in seconds."),
          text("tip-2", "**2. Shortcuts** — press ? anywhere to see every keyboard shortcut."),
          text("tip-3", "**3. Invite your team** — projects are better with reviewers."),
          when(
            "team",
            "contact.company",
            text(
              "team-note",
              'Your whole team at {{ contact.company | default: "your company" }} can join on your plan.',
            ),
          ),
          button("cta", "Open your projects", `${APP_URL}/projects`),
          text("signoff", SIGN_OFF),
        ],
      ),
    },
  },
  graph: {
    nodes: [
      step("trigger", 0, 0, { kind: "trigger", event: "signed_up", filters: [], entry: { reentry: "once" } }),
      step("email-welcome", 0, 1, email("welcome")),
      step("wait-activation", 0, 2, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 2, unit: "days" },
        untilEvent: {
          event: "project_created",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 2, unit: "days" },
        },
      }),
      step("wait-3d", -1, 3, { kind: "wait", duration: { amount: 3, unit: "days" } }),
      step("branch-plan", -1, 4, {
        kind: "branch",
        condition: anyOf(
          { type: "trait", path: "plan", op: "not_exists" },
          { type: "trait", path: "plan", op: "eq_any_case", value: "free" },
        ),
      }),
      step("email-upgrade", -1.5, 5, email("upgrade")),
      step("email-power-tips", -0.5, 5, email("powerTips")),
      step("exit", -1, 6, { kind: "exit" }),
      step("email-nudge", 1, 3, email("nudge")),
      step("wait-nudge", 1, 4, {
        kind: "wait",
        mode: "until_event",
        duration: { amount: 3, unit: "days" },
        untilEvent: {
          event: "project_created",
          filters: [],
          matchOnEntryKey: false,
          timeout: { amount: 3, unit: "days" },
        },
      }),
      step("email-help-offer", 1.5, 5, email("helpOffer")),
      step("exit-no-project", 1.5, 6, { kind: "exit" }),
    ],
    edges: [
      link("trigger", "email-welcome"),
      link("email-welcome", "wait-activation"),
      link("wait-activation", "wait-3d", "matched"),
      link("wait-activation", "email-nudge", "timed_out"),
      link("wait-3d", "branch-plan"),
      link("branch-plan", "email-upgrade", "yes"),
      link("branch-plan", "email-power-tips", "no"),
      link("email-upgrade", "exit"),
      link("email-power-tips", "exit"),
      link("email-nudge", "wait-nudge"),
      link("wait-nudge", "wait-3d", "matched"),
      link("wait-nudge", "email-help-offer", "timed_out"),
      link("email-help-offer", "exit-no-project"),
    ],
    settings: {
      goal: { event: "subscription_started", filters: [], window: { amount: 14, unit: "days" } },
      exitCriteria: [],
      quietHours: null,
      frequencyCap: null,
      timeZone: "UTC",
    },
  },
  tests: ZJourneyTestFileSchema.parse(tests),
};
