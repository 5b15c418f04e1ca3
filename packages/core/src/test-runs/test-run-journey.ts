// A test run of a journey (the canvas's Test button, `journeys.testRun`): the draft compiled
// as publishing would, or the live version's plan; the script checked here — its shape, then
// against the journey and the workspace's event names — with every problem named by its line
// (text) or entry (JSON); then the worker runs it with time skipped (temporal/worker/src/
// test-run/) and the timeline comes back. Nothing of the workspace is written but the audit row.
import type { Client } from "@temporalio/client";
import type { Db } from "@mailstream/db/client";
import { findContactProfileById } from "@mailstream/db/queries/contacts-read";
import { findJourneyById, findJourneyVersionById } from "@mailstream/db/queries/journeys";
import { findKnownEventNames } from "@mailstream/db/queries/test-run-events";
import { compileGraph } from "@mailstream/journey/compile";
import type { Plan } from "@mailstream/journey/plan";
import {
  checkScriptAgainst,
  parseScriptLines,
  scriptSchemaProblems,
  ZTestScriptSchema,
  type ScriptProblem,
  type TestScript,
} from "@mailstream/journey/test-script";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";
import { JOURNEY_TASK_QUEUE } from "@mailstream/temporal-contracts";
import {
  JOURNEY_TEST_WORKFLOW,
  journeyTestWorkflowId,
  type JourneyTestRunInput,
  type JourneyTestRunResult,
} from "@mailstream/temporal-contracts/test-runs";
import type { AuditContext } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { AppError, AppErrorCode } from "../errors/app-error";
import { GraphIssuesError } from "../journeys/graph-issues-error";
import { journeyNotFound, loadValidationContext } from "../journeys/journeys";
import { planEventNames } from "./plan-events";

export interface TestRunDeps {
  db: Db;
  temporal: () => Promise<Client>;
  /** The queue `journeyTestRun` goes to; tests pass their workers' own. */
  taskQueue?: string | undefined;
}

export interface TestRunRequest {
  workspaceId: string;
  journeyId: string;
  /** `draft`: the saved draft, compiled as publishing would; `live`: the live version's plan. */
  source: "draft" | "live";
  /** The script as JSON (`ZTestScriptSchema`), or with `lines` in place of `events`/`absent`. */
  script: unknown;
  /** The events written as text (test-script.ts `parseScriptLines`); problems then name lines. */
  lines?: string | undefined;
  /** "Send the path to me": the tester's own address; every email of the path is delivered there, marked as a test. */
  deliverTo?: string | undefined;
  audit?: AuditContext | null | undefined;
}

function refused(problems: ScriptProblem[]): AppError {
  const first = problems[0] as ScriptProblem;
  return new AppError(
    AppErrorCode.INVALID_INPUT,
    `The script cannot happen: ${first.where}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
    { issues: problems.map((problem) => ({ path: problem.where, message: problem.message })) },
  );
}

/** The script from JSON or text; text problems and later entry problems are named by line. */
function readScript(request: TestRunRequest): { script: TestScript; rename: (where: string) => string } {
  let raw = request.script;
  let rename = (where: string) => where;
  if (request.lines !== undefined) {
    const parsed = parseScriptLines(request.lines);
    if (parsed.problems.length > 0) throw refused(parsed.problems);
    if (parsed.events.length === 0) throw refused([{ where: "line 1", message: "write at least the entry event" }]);
    const base = typeof raw === "object" && raw !== null ? raw : {};
    raw = { ...base, events: parsed.events, absent: parsed.absent };
    rename = (where) => {
      const match = /^(events|absent)\[(\d+)\]$/.exec(where);
      if (!match) return where;
      const lines = match[1] === "events" ? parsed.eventLines : parsed.absentLines;
      return lines[Number(match[2])] ?? where;
    };
  }
  const result = ZTestScriptSchema.safeParse(raw);
  if (!result.success)
    throw refused(scriptSchemaProblems(result.error).map((problem) => ({ ...problem, where: rename(problem.where) })));
  return { script: result.data, rename };
}

async function loadPlan(db: Db, request: TestRunRequest): Promise<{ plan: Plan; name: string }> {
  const journey = await findJourneyById(db, request.workspaceId, request.journeyId);
  if (!journey) throw journeyNotFound(request.journeyId);
  if (request.source === "live") {
    const version = journey.liveVersionId ? await findJourneyVersionById(db, journey.liveVersionId) : null;
    if (!version || version.journeyId !== journey.id)
      throw new AppError(AppErrorCode.PRECONDITION_FAILED, "This journey has no live version to test; test the draft.");
    return { plan: version.plan, name: journey.name };
  }
  const compiled = compileGraph(journey.draft, await loadValidationContext(db, request.workspaceId));
  if (!compiled.ok) throw new GraphIssuesError(compiled.issues, "tested");
  return { plan: compiled.plan, name: journey.name };
}

export async function testRunJourney(deps: TestRunDeps, request: TestRunRequest): Promise<TestRunTimeline> {
  const { db } = deps;
  const { script, rename } = readScript(request);
  const { plan, name } = await loadPlan(db, request);
  const knownEvents = await findKnownEventNames(db, request.workspaceId);
  for (const event of planEventNames(plan)) knownEvents.add(event);
  const problems = checkScriptAgainst(script, { triggerEvent: plan.trigger.event, knownEvents });
  if (problems.length > 0) throw refused(problems.map((problem) => ({ ...problem, where: rename(problem.where) })));
  if ("contactId" in script.contact) {
    const contact = await findContactProfileById(db, request.workspaceId, script.contact.contactId);
    if (!contact) throw new AppError(AppErrorCode.NOT_FOUND, `Contact ${script.contact.contactId} not found`);
  }

  const testId = crypto.randomUUID();
  await recordAudit(db, {
    context: request.audit,
    action: request.deliverTo ? "journey.send_test_path" : "journey.test_run",
    target: { type: "journey", id: request.journeyId, label: name },
    changes: { fields: [], after: { source: request.source, events: script.events.length } },
  });
  const input: JourneyTestRunInput = {
    testId,
    workspaceId: request.workspaceId,
    journeyId: request.journeyId,
    journeyName: name,
    plan,
    contact: script.contact,
    events: script.events,
    ...(request.deliverTo ? { deliverTo: request.deliverTo } : {}),
  };
  let result: JourneyTestRunResult;
  try {
    const client = await deps.temporal();
    result = await client.workflow.execute(JOURNEY_TEST_WORKFLOW, {
      taskQueue: deps.taskQueue ?? JOURNEY_TASK_QUEUE,
      workflowId: journeyTestWorkflowId(testId),
      args: [input],
      workflowExecutionTimeout: "3 minutes",
    });
  } catch (error) {
    throw new AppError(AppErrorCode.UNAVAILABLE, "The test run could not finish; try again in a moment.", {
      cause: error,
    });
  }
  if (!result.ok)
    throw new AppError(AppErrorCode.PRECONDITION_FAILED, `The test run could not start: ${result.reason}`);
  return result.timeline;
}
