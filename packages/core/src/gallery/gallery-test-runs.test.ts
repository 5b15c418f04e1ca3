// Every gallery journey, instantiated in a fresh workspace as "Start from the gallery" does,
// passes its own test file: each case runs through `testRunJourney` (the path
// `journeys.testRun` takes — the production journeyRun on the workers' time-skipping host) and
// `checkTestCase` finds no difference. Each graph also goes through the publish validator.
import { and, eq } from "drizzle-orm";
import { describe, expect } from "vitest";
import { auditLog, journeys, templates } from "@mailstream/db/schema";
import { checkTestCase, timelinePath, type TestCase } from "@mailstream/journey/test-file";
import { temporalWorkersTest, type TestWorkers } from "@mailstream/testing/temporal-workers";
import { createTemplateFixture, createWorkspaceWithKeys } from "@mailstream/testing/workspace-fixtures";
import type { AuditContext } from "../audit/audit-context";
import { AppError } from "../errors/app-error";
import { publishJourney } from "../journeys/publish-journey";
import { testRunJourney } from "../test-runs/test-run-journey";
import { createJourneyFromGallery } from "./create-from-gallery";
import { GALLERY } from "./gallery";

const test = temporalWorkersTest;

function auditFor(workspaceId: string): AuditContext {
  return { workspaceId, actor: { kind: "user", id: "tester", label: "tester@mailstream.test" }, sourceAddress: null };
}

/** A case's script as `journeys.testRun` takes it: JSON events, or the contact with `lines`. */
function scriptOf(testCase: TestCase): { script: Record<string, unknown>; lines?: string } {
  const { script } = testCase;
  return "lines" in script ? { script: { contact: script.contact }, lines: script.lines } : { script };
}

async function runCase(workers: TestWorkers, workspaceId: string, journeyId: string, testCase: TestCase) {
  return testRunJourney(
    { db: workers.db, temporal: async () => workers.client, taskQueue: workers.taskQueues.journeys },
    { workspaceId, journeyId, source: "draft", audit: auditFor(workspaceId), ...scriptOf(testCase) },
  );
}

describe("the journey gallery", () => {
  for (const entry of GALLERY) {
    test(`${entry.name}: created from the gallery, publishable, and every case of its test file passes`, async ({
      workers,
    }) => {
      const { workspaceId } = await createWorkspaceWithKeys(workers.db);
      const journey = await createJourneyFromGallery(
        workers.db,
        workspaceId,
        { galleryId: entry.id },
        auditFor(workspaceId),
      );
      expect(journey.name).toBe(entry.tests.journey);

      for (const testCase of entry.tests.cases) {
        const timeline = await runCase(workers, workspaceId, journey.id, testCase);
        expect(checkTestCase(testCase.expect, timeline), `${entry.name}: "${testCase.name}"`).toEqual([]);
        // The same timeline against the opposite expectation must fail: the check can see a wrong path.
        expect(checkTestCase({ skips: timelinePath(timeline) }, timeline)).not.toEqual([]);
      }
      // The publish validator (compile, template pins, senders) accepts the graph as created.
      await expect(publishJourney({ db: workers.db, workspaceId, journeyId: journey.id })).resolves.toMatchObject({
        version: 1,
      });
    });
  }

  test("never clobbers a template: a taken name gets a suffix, and the journey's name too", async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const [entry] = GALLERY;
    if (!entry) throw new Error("the gallery is empty");
    const [firstTemplate] = Object.values(entry.templates);
    const existing = await createTemplateFixture(db, workspaceId, firstTemplate?.name ?? "", "Mine, untouched");

    const first = await createJourneyFromGallery(db, workspaceId, { galleryId: entry.id }, auditFor(workspaceId));
    const second = await createJourneyFromGallery(db, workspaceId, { galleryId: entry.id }, auditFor(workspaceId));
    expect(first.templates[0]?.name).toBe(`${firstTemplate?.name} (2)`);
    expect(second.templates[0]?.name).toBe(`${firstTemplate?.name} (3)`);
    expect([first.name, second.name]).toEqual([entry.name, `${entry.name} (2)`]);
    const [mine] = await db.select().from(templates).where(eq(templates.id, existing));
    expect(mine?.subject).toBe("Mine, untouched");

    const audits = await db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "journey.create")));
    expect(audits.map((row) => row.targetId).sort()).toEqual([first.id, second.id].sort());
  });

  test("refuses an unknown entry or a blank name and writes nothing", async ({ workers }) => {
    const { db } = workers;
    const { workspaceId } = await createWorkspaceWithKeys(db);
    const unknown = await createJourneyFromGallery(db, workspaceId, { galleryId: "nope" }).catch(
      (error: unknown) => error,
    );
    expect(unknown).toBeInstanceOf(AppError);
    expect((unknown as AppError).message).toContain('no journey "nope"');
    const blank = await createJourneyFromGallery(db, workspaceId, { galleryId: "abandoned-cart", name: "  " }).catch(
      (error: unknown) => error,
    );
    expect((blank as AppError).issues).toEqual([{ path: "name", message: "Give the journey a name." }]);
    expect(await db.select().from(journeys).where(eq(journeys.workspaceId, workspaceId))).toEqual([]);
    expect(await db.select().from(templates).where(eq(templates.workspaceId, workspaceId))).toEqual([]);
  });
});
