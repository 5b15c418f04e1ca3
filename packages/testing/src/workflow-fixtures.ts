// Test data for the temporal package: each test creates its own workspace (random slug) and
// the rows a run needs (contact, templates, journey, version, run), so tests never share rows.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import {
  contacts,
  journeyRuns,
  journeys,
  journeyVersions,
  suppressions,
  templates,
  workspaces,
} from "@mailstream/db/schema";
import type { Plan, PlanStep } from "@mailstream/journey/plan";
import { journeyWorkflowId, type JourneyRunInput } from "@mailstream/temporal-contracts";

export type LinearStep =
  { kind: "email"; templateId: string } | { kind: "wait"; durationMs: number } | { kind: "exit" };

/** A straight-line plan: trigger → steps in order. Step ids are `<kind>-<position>`. */
export function buildLinearPlan(steps: LinearStep[], event = "signed_up"): Plan {
  if (steps.length === 0) throw new Error("a plan needs at least one step");
  const ids = steps.map((step, i) => `${step.kind}-${i + 1}`);
  const planSteps: Record<string, PlanStep> = {};
  steps.forEach((step, i) => {
    const id = ids[i] as string;
    const next = ids[i + 1] ?? null;
    planSteps[id] = step.kind === "exit" ? { kind: "exit", id } : { ...step, id, next };
  });
  return { format: 1, trigger: { nodeId: "trigger", event, filters: [] }, entry: ids[0] as string, steps: planSteps };
}

export async function createWorkspaceFixture(db: Db): Promise<{ workspaceId: string }> {
  const slug = `test-${randomUUID().slice(0, 12)}`;
  const [workspace] = await db
    .insert(workspaces)
    .values({ name: `Test ${slug}`, slug })
    .returning({ id: workspaces.id });
  if (!workspace) throw new Error("workspace insert returned nothing");
  return { workspaceId: workspace.id };
}

/** A contact with a unique `.test` address (never a deliverable domain) unless `email` is given. */
export async function createContactFixture(
  db: Db,
  workspaceId: string,
  fields: { email?: string | null; traits?: Record<string, unknown> } = {},
): Promise<{ contactId: string; userId: string; email: string | null }> {
  const userId = `user-${randomUUID().slice(0, 8)}`;
  const email = fields.email === undefined ? `${userId}@mailstream.test` : fields.email;
  const [contact] = await db
    .insert(contacts)
    .values({ workspaceId, userId, email, traits: fields.traits ?? { first_name: "Ada" } })
    .returning({ id: contacts.id });
  if (!contact) throw new Error("contact insert returned nothing");
  return { contactId: contact.id, userId, email };
}

export async function createTemplateFixture(
  db: Db,
  workspaceId: string,
  fields: Partial<{ name: string; subject: string; body: string; fromAddress: string | null }> = {},
): Promise<{ templateId: string }> {
  const [template] = await db
    .insert(templates)
    .values({
      workspaceId,
      name: fields.name ?? "Welcome",
      subject: fields.subject ?? "Welcome, {{ contact.first_name }}",
      // A printed value without `| default:` is required (a contact lacking it is skipped), so the plan gets one.
      body:
        fields.body ??
        'Hi {{ contact.first_name }},\n\nThanks for your {{ event.name }} ({{ event.properties.plan | default: "no plan" }}).',
      fromAddress: fields.fromAddress ?? null,
    })
    .returning({ id: templates.id });
  if (!template) throw new Error("template insert returned nothing");
  return { templateId: template.id };
}

export async function suppressAddressFixture(db: Db, workspaceId: string, email: string): Promise<void> {
  await db.insert(suppressions).values({ workspaceId, email: email.toLowerCase(), reason: "manual" });
}

export interface RunFixture {
  journeyId: string;
  versionId: string;
  runId: string;
  workflowId: string;
  input: JourneyRunInput;
}

/** A live journey with one published version holding `plan`, and an active run row for the contact. */
export async function createRunFixture(
  db: Db,
  fields: { workspaceId: string; contactId: string; plan: Plan; properties?: Record<string, unknown> },
): Promise<RunFixture> {
  const { workspaceId, contactId, plan } = fields;
  const graph = { nodes: [], edges: [] };
  const [journey] = await db
    .insert(journeys)
    .values({ workspaceId, name: "Test journey", status: "live", draft: graph })
    .returning({ id: journeys.id });
  if (!journey) throw new Error("journey insert returned nothing");
  const [version] = await db
    .insert(journeyVersions)
    .values({ journeyId: journey.id, version: 1, graph, plan })
    .returning({ id: journeyVersions.id });
  if (!version) throw new Error("version insert returned nothing");
  const eventId = randomUUID();
  const workflowId = journeyWorkflowId(journey.id, contactId, eventId);
  const [run] = await db
    .insert(journeyRuns)
    .values({
      workspaceId,
      journeyId: journey.id,
      versionId: version.id,
      contactId,
      workflowId,
      triggerEventId: eventId,
    })
    .returning({ id: journeyRuns.id });
  if (!run) throw new Error("run insert returned nothing");
  const input: JourneyRunInput = {
    runId: run.id,
    workspaceId,
    journeyId: journey.id,
    versionId: version.id,
    contactId,
    plan,
    trigger: { eventId, event: plan.trigger.event, properties: fields.properties ?? { plan: "pro" }, traits: {} },
  };
  return { journeyId: journey.id, versionId: version.id, runId: run.id, workflowId, input };
}
