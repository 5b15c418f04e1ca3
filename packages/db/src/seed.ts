// The demo workspace `npm start` seeds: keys, two templates and the live "Welcome"
// journey (signed_up → Welcome → wait 1 minute → Getting started → exit). Idempotent:
// every piece is looked up before it is created, under an advisory lock, so a second
// start (or two starts racing) changes nothing — and edits made in the UI survive.
import { compileGraph } from "@mailstream/journey/compile";
import { buildWelcomeGraph } from "@mailstream/journey/fixtures";
import type { JourneyGraph } from "@mailstream/journey/schema";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "./client";
import { insertApiKey } from "./queries/api-keys";
import { DEMO_WORKSPACE_SLUG } from "./queries/workspaces";
import { journeys, journeyVersions, templates, workspaces } from "./schema/index";

export const DEMO_WORKSPACE_NAME = "Demo workspace";
export const WELCOME_JOURNEY_NAME = "Welcome";

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
} as const;

/** The canvas lays the welcome journey out as one vertical column. */
function layOutVertically(graph: JourneyGraph): JourneyGraph {
  return { ...graph, nodes: graph.nodes.map((node, i) => ({ ...node, position: { x: 250, y: i * 150 } })) };
}

async function ensureWorkspace(tx: Tx): Promise<string> {
  const [existing] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, DEMO_WORKSPACE_SLUG));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(workspaces)
    .values({ name: DEMO_WORKSPACE_NAME, slug: DEMO_WORKSPACE_SLUG })
    .returning({ id: workspaces.id });
  if (!created) throw new Error("Creating the demo workspace returned no row");
  return created.id;
}

async function ensureTemplate(
  tx: Tx,
  workspaceId: string,
  template: { name: string; subject: string; preheader: string; body: string },
): Promise<string> {
  const [existing] = await tx
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.workspaceId, workspaceId), eq(templates.name, template.name)))
    .limit(1);
  if (existing) return existing.id;
  const [created] = await tx.insert(templates).values({ workspaceId, ...template }).returning({ id: templates.id });
  if (!created) throw new Error(`Creating template "${template.name}" returned no row`);
  return created.id;
}

async function ensureWelcomeJourney(tx: Tx, workspaceId: string, templateIds: { welcome: string; gettingStarted: string }) {
  const [existing] = await tx
    .select({ id: journeys.id })
    .from(journeys)
    .where(and(eq(journeys.workspaceId, workspaceId), eq(journeys.name, WELCOME_JOURNEY_NAME)))
    .limit(1);
  if (existing) return;
  const graph = layOutVertically(buildWelcomeGraph(templateIds, 1));
  const compiled = compileGraph(graph, { templateIds: new Set(Object.values(templateIds)) });
  if (!compiled.ok) {
    throw new Error(`The seeded Welcome journey does not compile: ${compiled.issues.map((issue) => issue.message).join("; ")}`);
  }
  const [journey] = await tx
    .insert(journeys)
    .values({ workspaceId, name: WELCOME_JOURNEY_NAME, status: "live", draft: graph })
    .returning({ id: journeys.id });
  if (!journey) throw new Error("Creating the Welcome journey returned no row");
  const [version] = await tx
    .insert(journeyVersions)
    .values({ journeyId: journey.id, version: 1, graph, plan: compiled.plan })
    .returning({ id: journeyVersions.id });
  if (!version) throw new Error("Publishing the Welcome journey returned no row");
  await tx.update(journeys).set({ liveVersionId: version.id }).where(eq(journeys.id, journey.id));
}

export async function seedDemoWorkspace(db: Db, keys: { writeKey: string; secretKey: string }): Promise<{ workspaceId: string }> {
  return db.transaction(async (tx) => {
    // Serialises concurrent seeds (two supervisors on one database) until commit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${SEED_LOCK_KEY}))`);
    const workspaceId = await ensureWorkspace(tx);
    // Keys are stored by hash and inserted only when new: the same keys again are a no-op,
    // different keys are added beside the old ones (both keep working).
    await insertApiKey(tx, workspaceId, "write", keys.writeKey);
    await insertApiKey(tx, workspaceId, "secret", keys.secretKey);
    const templateIds = {
      welcome: await ensureTemplate(tx, workspaceId, DEMO_TEMPLATES.welcome),
      gettingStarted: await ensureTemplate(tx, workspaceId, DEMO_TEMPLATES.gettingStarted),
    };
    await ensureWelcomeJourney(tx, workspaceId, templateIds);
    return { workspaceId };
  });
}
