// Test data for the api package: each test makes its own workspace (random slug) with its
// own keys, templates and journeys, so files run in parallel on the shared test database.
import { randomUUID } from "node:crypto";
import type { Db } from "@mailstream/db/client";
import { generateApiKey, insertApiKey, type ApiKeyRole } from "@mailstream/db/queries/api-keys";
import { insertJourney, insertPublishedVersion } from "@mailstream/db/queries/journeys";
import { insertWorkspaceSender } from "@mailstream/db/queries/senders";
import { insertTemplate } from "@mailstream/db/queries/templates";
import { createWorkspace } from "@mailstream/db/queries/workspaces";
import { compileGraph } from "@mailstream/journey/compile";
import {
  WAIT_EVENT_OUTLETS,
  type JourneyGraph,
  type JourneyNode,
  type NodeData,
  type PropertyFilter,
} from "@mailstream/journey/schema";

export interface WorkspaceFixture {
  workspaceId: string;
  writeKey: string;
  secretKey: string;
}

/** The sender domain every fixture workspace declares (Settings → Senders). */
export const TEST_SENDER_DOMAIN = "mailstream.test";

/** A fresh workspace with a write key and a secret key acting as `secretKeyRole` (admin: may manage everything but the workspace itself). */
export async function createWorkspaceWithKeys(db: Db, secretKeyRole: ApiKeyRole = "admin"): Promise<WorkspaceFixture> {
  const slug = `test-${randomUUID().slice(0, 12)}`;
  const workspace = await createWorkspace(db, { name: `Test ${slug}`, slug });
  const writeKey = generateApiKey("write");
  const secretKey = generateApiKey("secret");
  await insertApiKey(db, workspace.id, "write", writeKey);
  await insertApiKey(db, workspace.id, "secret", secretKey, secretKeyRole);
  // Fixtures send from @mailstream.test (run-fixtures, tracking-fixtures): declared, as a real
  // workspace declares its own domain before publishing.
  await insertWorkspaceSender(db, workspace.id, TEST_SENDER_DOMAIN);
  return { workspaceId: workspace.id, writeKey, secretKey };
}

export async function createTemplateFixture(
  db: Db,
  workspaceId: string,
  name: string,
  subject: string,
): Promise<string> {
  const template = await insertTemplate(db, workspaceId, {
    name,
    subject,
    preheader: "",
    body: `Hi {{ contact.first_name | default: "there" }},\n\n${name}.`,
  });
  return template.id;
}

/**
 * One node of a linear test journey. `{ kind: "wait", untilEvent }` waits for the contact's
 * event (timeout 1 h), both outlets leading on: the test decides when the wait ends, so a test
 * about what happens after a wait never races a timer.
 */
export type LinearNode =
  | { kind: "email"; templateId: string }
  | { kind: "wait"; seconds: number }
  | { kind: "wait"; untilEvent: string }
  | { kind: "exit" };

/** How long an `untilEvent` wait of a linear test journey waits at most. */
const UNTIL_EVENT_TIMEOUT = { amount: 1, unit: "hours" } as const;

function linearNodeData(node: LinearNode): NodeData {
  if (node.kind === "email") return { kind: "email", templateId: node.templateId };
  if (node.kind === "exit") return { kind: "exit" };
  if ("seconds" in node) return { kind: "wait", duration: { amount: node.seconds, unit: "seconds" } };
  return {
    kind: "wait",
    mode: "until_event",
    duration: UNTIL_EVENT_TIMEOUT,
    untilEvent: { event: node.untilEvent, filters: [], matchOnEntryKey: false, timeout: UNTIL_EVENT_TIMEOUT },
  };
}

/** trigger → nodes in order, drawn as a column; node ids are `<kind>-<position>`. */
export function buildLinearGraph(event: string, nodes: LinearNode[], filters: PropertyFilter[] = []): JourneyGraph {
  const data: NodeData[] = [{ kind: "trigger", event, filters }, ...nodes.map(linearNodeData)];
  const graphNodes: JourneyNode[] = data.map((d, i) => ({
    id: i === 0 ? "trigger" : `${d.kind}-${i}`,
    position: { x: 250, y: i * 150 },
    data: d,
  }));
  const edges = graphNodes.slice(1).flatMap((node, i) => {
    const source = graphNodes[i] as JourneyNode;
    // An until-event wait has two outlets (matched, timed out); both lead to the next node.
    const outlets = source.data.kind === "wait" && source.data.mode === "until_event" ? WAIT_EVENT_OUTLETS : [null];
    return outlets.map((outlet) => ({
      id: `${source.id}${outlet ? `:${outlet}` : ""}->${node.id}`,
      source: source.id,
      target: node.id,
      sourceHandle: outlet,
    }));
  });
  return { nodes: graphNodes, edges };
}

/** Creates a journey from `graph` and publishes it (live), as the editor's Publish does. */
export async function createLiveJourney(db: Db, workspaceId: string, name: string, graph: JourneyGraph) {
  const compiled = compileGraph(graph);
  if (!compiled.ok) throw new Error(`test graph does not compile: ${JSON.stringify(compiled.issues)}`);
  const journey = await insertJourney(db, { workspaceId, name, draft: graph });
  const version = await insertPublishedVersion(db, { workspaceId, journeyId: journey.id, graph, plan: compiled.plan });
  if (!version) throw new Error("publishing the test journey failed");
  return { journeyId: journey.id, versionId: version.id, plan: compiled.plan };
}

export function basicAuth(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
