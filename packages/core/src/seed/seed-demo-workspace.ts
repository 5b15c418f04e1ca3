// The demo workspace `npm start` seeds: keys, four templates, the live "Welcome" journey
// (signed_up → Welcome → wait 1 minute → Getting started → exit) and the live "Abandoned
// cart" journey (added_to_cart → wait for checkout of the same cart or 1 hour → value branch →
// A/B reminder; one run per cart at a time). The journeys go live through publishJourney, the
// use case behind the editor's Publish button, so their templates are pinned like any publish.
// Idempotent: every piece is looked up by name before it is created, under an advisory lock,
// so a second start (or two starts racing) changes nothing — edits made in the UI survive, and
// a journey seeded by an older version (.data from before entry keys or template pinning) is
// left as it is rather than rewritten under running contacts.
import { buildAbandonedCartGraph, buildWelcomeGraph } from "@mailstream/journey/fixtures";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@mailstream/db/client";
import { insertApiKey } from "@mailstream/db/queries/api-keys";
import { insertJourney } from "@mailstream/db/queries/journeys";
import { DEMO_WORKSPACE_SLUG } from "@mailstream/db/queries/workspaces";
import { journeys, templates, workspaces } from "@mailstream/db/schema";
import { publishJourney } from "../journeys/publish-journey";

export const DEMO_WORKSPACE_NAME = "Demo workspace";
export const WELCOME_JOURNEY_NAME = "Welcome";
export const ABANDONED_CART_JOURNEY_NAME = "Abandoned cart";

const SEED_LOCK_KEY = "mailstream:seed-demo";

export const DEMO_TEMPLATES = {
  welcome: {
    name: "Welcome",
    subject: 'Welcome to Mailstream, {{ contact.first_name | default: "there" }}!',
    preheader: "Your account is ready. Here is what happens next.",
    body: [
      'Hi {{ contact.first_name | default: "there" }},',
      "Thanks for signing up{% if event.properties.plan %} for the {{ event.properties.plan }} plan{% endif %}! Your account is ready to go.",
      "In a minute we will send you a short guide to getting started: sending your first event, drawing a journey and watching it run.",
      "Cheers,\nThe Mailstream team",
    ].join("\n\n"),
  },
  gettingStarted: {
    name: "Getting started",
    subject: "Getting started with Mailstream",
    preheader: "Three steps from your first event to your first journey.",
    body: [
      'Hi {{ contact.first_name | default: "there" }},',
      "Here is how to get the most out of Mailstream:",
      "1. Send events from your app with a write key: POST /api/v1/track, the same payload as Segment.\n2. Draw a journey on the canvas: a trigger, emails and waits.\n3. Publish it and watch people move through it on the live metrics page.",
      "Reply to this email if anything is unclear. We read every message.",
      "Cheers,\nThe Mailstream team",
    ].join("\n\n"),
  },
  cartReminderA: {
    name: "Cart reminder A",
    subject: "You left something in your cart",
    preheader: "Your cart is saved. Pick up where you left off.",
    body: [
      'Hi {{ contact.first_name | default: "there" }},',
      'You added {{ event.properties.product | default: "a few things" }} to your cart but did not check out. Your cart is saved for you.',
      "Cheers,\nThe Mailstream demo shop",
    ].join("\n\n"),
  },
  cartReminderB: {
    name: "Cart reminder B",
    subject: "Still thinking it over?",
    preheader: "Questions about your order? Just reply.",
    body: [
      'Hi {{ contact.first_name | default: "there" }},',
      "Your cart is waiting. If something held you back, reply to this email and we will help.",
      "Cheers,\nThe Mailstream demo shop",
    ].join("\n\n"),
  },
} as const;

/**
 * Canvas positions for the abandoned-cart journey: a column with the two outlets fanning out.
 * The split and its emails sit left of the branch's "no" outlet and the exit right below it,
 * so the "no" connection runs straight down in a lane of its own instead of behind the split.
 */
const ABANDONED_CART_LAYOUT: Record<string, { x: number; y: number }> = {
  trigger: { x: 250, y: 0 },
  "wait-checkout": { x: 250, y: 150 },
  "exit-purchased": { x: -20, y: 320 },
  "branch-value": { x: 250, y: 320 },
  "split-reminder": { x: 130, y: 490 },
  "email-a": { x: -140, y: 660 },
  "email-b": { x: 120, y: 660 },
  exit: { x: 290, y: 820 },
};

/** The canvas lays the welcome journey out as one vertical column. */
function layOutVertically(graph: JourneyGraph): JourneyGraph {
  return { ...graph, nodes: graph.nodes.map((node, i) => ({ ...node, position: { x: 250, y: i * 150 } })) };
}

async function ensureWorkspace(db: Db): Promise<string> {
  const [existing] = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  if (existing) return existing.id;
  const [created] = await db
    .insert(workspaces)
    .values({ name: DEMO_WORKSPACE_NAME, slug: DEMO_WORKSPACE_SLUG })
    .returning({ id: workspaces.id });
  if (!created) throw new Error("Creating the demo workspace returned no row");
  return created.id;
}

async function ensureTemplate(
  db: Db,
  workspaceId: string,
  template: { name: string; subject: string; preheader: string; body: string },
): Promise<string> {
  const [existing] = await db
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.name, template.name)))
    .limit(1);
  if (existing) return existing.id;
  const [created] = await db
    .insert(templates)
    .values({ workspaceId, ...template })
    .returning({ id: templates.id });
  if (!created) throw new Error(`Creating template "${template.name}" returned no row`);
  return created.id;
}

/** Creates and publishes journey `name` unless one by that name exists: UI edits survive. */
async function ensureLiveJourney(db: Db, workspaceId: string, name: string, graph: JourneyGraph): Promise<void> {
  const [existing] = await db
    .select({ id: journeys.id })
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.name, name)))
    .limit(1);
  if (existing) return;
  const journey = await insertJourney(db, { workspaceId, name, draft: graph });
  await publishJourney({ db, workspaceId, journeyId: journey.id });
}

/**
 * Serialises concurrent seeds (two supervisors on one database): a transaction holds the
 * advisory lock while `seed` runs on other pooled connections, because publishing commits in
 * transactions of its own. The locking transaction touches no rows, so it blocks nothing else.
 */
async function withSeedLock<T>(db: Db, seed: () => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${SEED_LOCK_KEY}))`);
    return seed();
  });
}

/**
 * One run per cart: the trigger's entry key is `properties.cart_id` with re-entry "once at a
 * time" (a contact with two carts is in the journey twice; adding to the same cart again does
 * not restart it), and the checkout wait only counts a checkout of that cart.
 */
export function buildSeedAbandonedCartGraph(templateIds: { reminderA: string; reminderB: string }): JourneyGraph {
  const graph = buildAbandonedCartGraph(templateIds, 60);
  const nodes = graph.nodes.map((node) => {
    const position = ABANDONED_CART_LAYOUT[node.id] ?? node.position;
    const { data } = node;
    if (data.kind === "trigger")
      return {
        ...node,
        position,
        data: { ...data, entry: { reentry: "once_at_a_time" as const, entryKey: "properties.cart_id" } },
      };
    if (data.kind === "wait" && data.untilEvent)
      return { ...node, position, data: { ...data, untilEvent: { ...data.untilEvent, matchOnEntryKey: true } } };
    return { ...node, position };
  });
  return { ...graph, nodes };
}

export async function seedDemoWorkspace(
  db: Db,
  keys: { writeKey: string; secretKey: string },
): Promise<{ workspaceId: string }> {
  return withSeedLock(db, async () => {
    const workspaceId = await ensureWorkspace(db);
    // Keys are stored by hash and inserted only when new: the same keys again are a no-op,
    // different keys are added beside the old ones (both keep working).
    await insertApiKey(db, workspaceId, "write", keys.writeKey);
    // The printed demo secret key manages the demo workspace as before roles existed.
    await insertApiKey(db, workspaceId, "secret", keys.secretKey, "admin");
    const templateIds = {
      welcome: await ensureTemplate(db, workspaceId, DEMO_TEMPLATES.welcome),
      gettingStarted: await ensureTemplate(db, workspaceId, DEMO_TEMPLATES.gettingStarted),
    };
    await ensureLiveJourney(db, workspaceId, WELCOME_JOURNEY_NAME, layOutVertically(buildWelcomeGraph(templateIds, 1)));
    const cartTemplateIds = {
      reminderA: await ensureTemplate(db, workspaceId, DEMO_TEMPLATES.cartReminderA),
      reminderB: await ensureTemplate(db, workspaceId, DEMO_TEMPLATES.cartReminderB),
    };
    await ensureLiveJourney(db, workspaceId, ABANDONED_CART_JOURNEY_NAME, buildSeedAbandonedCartGraph(cartTemplateIds));
    return { workspaceId };
  });
}
