// `mailstream test <file.test.json…>`: each case of each journey test file run through the
// server's `journeys.testRun` (the production workflow with time skipped) and its timeline
// checked with `checkTestCase`; a line per case, each mismatch as `where: expected … got …`,
// and exit 1 on any failure — for CI.
import path from "node:path";
import { checkTestCase, ZJourneyTestFileSchema, type TestCase } from "@mailstream/journey/test-file";
import type { TestRunTimeline } from "@mailstream/journey/test-timeline";
import { describeServerError, type Server } from "./client";
import { readJsonFile } from "./file-set";
import type { CliIo } from "./io";
import { describeIssue } from "./load-file-set";
import { byName, listJourneys } from "./workspace";

export interface TestOptions {
  files: string[];
}

interface Tally {
  passed: number;
  failed: number;
}

async function runCase(
  server: Server,
  journeyId: string,
  source: "draft" | "live",
  testCase: TestCase,
): Promise<{ ok: true; timeline: TestRunTimeline } | { ok: false; lines: string[] }> {
  const script = testCase.script;
  try {
    const timeline =
      "lines" in script
        ? await server.journeys.testRun.mutate({
            journeyId,
            source,
            script: { contact: script.contact },
            lines: script.lines,
          })
        : await server.journeys.testRun.mutate({ journeyId, source, script });
    return { ok: true, timeline };
  } catch (error) {
    return { ok: false, lines: describeServerError(error) };
  }
}

async function runFile(server: Server, io: CliIo, file: string, journeys: Map<string, { id: string }[]>, tally: Tally) {
  const shown = path.relative(io.cwd, path.resolve(io.cwd, file)) || file;
  const read = await readJsonFile(path.resolve(io.cwd, file));
  const fail = (lines: string[]) => {
    tally.failed += 1;
    for (const line of lines) io.err(line);
  };
  if (!read.ok) return fail([`${shown}: ${read.message}`]);
  const parsed = ZJourneyTestFileSchema.safeParse(read.value);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => describeIssue(shown, issue)));
  const { journey, source, cases } = parsed.data;
  const found = journeys.get(journey) ?? [];
  if (found.length !== 1)
    return fail([
      `${shown}: journey: ${found.length === 0 ? `no journey named "${journey}" in this workspace (push it first)` : `${found.length} journeys are named "${journey}"`}`,
    ]);

  io.out(`${shown} (${journey}, ${source})`);
  for (const testCase of cases) {
    const result = await runCase(server, (found[0] as { id: string }).id, source, testCase);
    if (!result.ok) {
      tally.failed += 1;
      io.out(`  ✗ ${testCase.name}`);
      for (const line of result.lines) io.out(`      ${line.trim()}`);
      continue;
    }
    const mismatches = checkTestCase(testCase.expect, result.timeline);
    if (mismatches.length === 0) {
      tally.passed += 1;
      io.out(`  ✓ ${testCase.name}`);
      continue;
    }
    tally.failed += 1;
    io.out(`  ✗ ${testCase.name}`);
    for (const mismatch of mismatches)
      io.out(`      ${mismatch.where}: expected ${mismatch.expected}, got ${mismatch.actual}`);
  }
}

export async function test(server: Server, io: CliIo, options: TestOptions): Promise<number> {
  const journeys = byName(await listJourneys(server));
  const tally: Tally = { passed: 0, failed: 0 };
  for (const file of options.files) await runFile(server, io, file, journeys, tally);
  io.out(`${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed > 0 ? 1 : 0;
}
