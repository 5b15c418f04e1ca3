import { describe, expect, it } from "vitest";
import {
  checkScriptAgainst,
  parseOffset,
  parseScriptLines,
  scriptSchemaProblems,
  ZTestScriptSchema,
  type TestScript,
} from "./test-script";

const known = new Set(["signed_up", "viewed_product", "purchase"]);
const context = { triggerEvent: "signed_up", knownEvents: known };

function script(events: TestScript["events"], absent: string[] = []): TestScript {
  return ZTestScriptSchema.parse({ contact: { traits: { plan: "pro" } }, events, absent });
}

describe("parseScriptLines", () => {
  it("reads the way people write a timeline", () => {
    const parsed = parseScriptLines('signed_up now; viewed_product after 2 h {"sku":"A1"}\n# note\nno purchase');
    expect(parsed.problems).toEqual([]);
    expect(parsed.events).toEqual([
      { event: "signed_up", atMs: 0, properties: {} },
      { event: "viewed_product", atMs: 7_200_000, properties: { sku: "A1" } },
    ]);
    expect(parsed.absent).toEqual(["purchase"]);
    expect(parsed.eventLines).toEqual(["line 1, part 1", "line 1, part 2"]);
    expect(parsed.absentLines).toEqual(["line 3"]);
  });

  it("adds `after` to the event before and takes `at` from entry", () => {
    const { events } = parseScriptLines("signed_up at 0\nviewed_product after 1d\npurchase at 36h");
    expect(events.map((event) => event.atMs)).toEqual([0, 86_400_000, 129_600_000]);
  });

  it("names the line of what it cannot read", () => {
    const parsed = parseScriptLines("signed_up at 0\nviewed_product after soon\nbought it\npurchase at 1h {oops}");
    expect(parsed.problems).toEqual([
      { where: "line 2", message: expect.stringContaining('"soon" is not an offset') },
      { where: "line 3", message: expect.stringContaining('"bought it" is not') },
      { where: "line 4", message: "the properties are not a JSON object" },
    ]);
  });

  it("reads offsets in every unit and refuses the rest", () => {
    expect([parseOffset("90s"), parseOffset("30 min"), parseOffset("1.5 hours"), parseOffset("2w")]).toEqual([
      90_000, 1_800_000, 5_400_000, 1_209_600_000,
    ]);
    expect(parseOffset("-1h")).toBeNull();
    expect(parseOffset("1y")).toBeNull();
  });
});

describe("ZTestScriptSchema", () => {
  it("refuses offsets beyond the longest wait and names the entry", () => {
    const result = ZTestScriptSchema.safeParse({
      contact: { traits: {} },
      events: [
        { event: "signed_up", atMs: 0 },
        { event: "purchase", atMs: 10 ** 12 },
      ],
    });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(scriptSchemaProblems(result.error).map((problem) => problem.where)).toEqual(["events[1]"]);
  });

  it("takes a real contact by id or a written one, nothing else", () => {
    expect(
      ZTestScriptSchema.safeParse({ contact: { contactId: "nope" }, events: [{ event: "a", atMs: 0 }] }).success,
    ).toBe(false);
    expect(
      ZTestScriptSchema.safeParse({ contact: { traits: {}, role: "admin" }, events: [{ event: "a", atMs: 0 }] })
        .success,
    ).toBe(false);
  });
});

describe("checkScriptAgainst", () => {
  it("accepts a script that can happen", () => {
    expect(
      checkScriptAgainst(script([{ event: "signed_up", atMs: 0, properties: {} }], ["purchase"]), context),
    ).toEqual([]);
  });

  it("refuses an event before entry, an entry that is not the trigger and unknown names", () => {
    const problems = checkScriptAgainst(
      script(
        [
          { event: "viewed_product", atMs: 0, properties: {} },
          { event: "signed_up", atMs: 3_600_000, properties: {} },
          { event: "purchased", atMs: 60_000, properties: {} },
        ],
        ["refund"],
      ),
      context,
    );
    expect(problems).toEqual([
      { where: "events[0]", message: expect.stringContaining('enters on "signed_up"') },
      { where: "events[2]", message: expect.stringContaining("before the event listed above it") },
      { where: "events[2]", message: '"purchased" is not an event this workspace knows' },
      { where: "absent[0]", message: '"refund" is not an event this workspace knows' },
    ]);
  });

  it("refuses an event that is both scripted and absent", () => {
    const problems = checkScriptAgainst(
      script(
        [
          { event: "signed_up", atMs: 0, properties: {} },
          { event: "purchase", atMs: 1_000, properties: {} },
        ],
        ["purchase"],
      ),
      context,
    );
    expect(problems).toEqual([{ where: "events[1]", message: expect.stringContaining("also marked as never") }]);
  });
});
