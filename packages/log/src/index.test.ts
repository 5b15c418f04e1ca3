// The logger (no I/O): one JSON record per line with LOG_FORMAT=json, a readable line by
// default, and nothing personal: no query parameters, no quoted values, no payloads.
import { afterEach, describe, expect, it } from "vitest";
import { configureLogger, describeError, log, newErrorId } from "./index";

let lines: string[] = [];
function capture(format: "text" | "json") {
  lines = [];
  configureLogger({ process: "test", format, write: (line) => lines.push(line) });
}
afterEach(() =>
  configureLogger({ process: "mailstream", format: "text", write: (l) => process.stderr.write(`${l}\n`) }),
);

function queryError(): Error {
  const pgError = Object.assign(new Error('invalid input syntax for type uuid: "ada@example.com"'), { code: "22P02" });
  return Object.assign(
    new Error('Failed query: insert into "events" ("traits") values ($1)\nparams: {"email":"ada@example.com"}'),
    { query: 'insert into "events" ("traits") values ($1)', params: ['{"email":"ada@example.com"}'], cause: pgError },
  );
}

describe("log", () => {
  it("writes one JSON record per line with level, process, message and correlation ids", () => {
    capture("json");
    const errorId = newErrorId();
    log.with({ workflowId: "journey:j:c:1" }).error("send failed", { errorId, messageId: "m-1" }, queryError());
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: "error",
      process: "test",
      message: "send failed",
      errorId,
      messageId: "m-1",
      workflowId: "journey:j:c:1",
    });
    expect(record.error).toMatch(/22P02/);
  });

  it("never writes a query's parameters or a quoted value", () => {
    capture("json");
    log.error("ingest failed", {}, queryError());
    expect(lines.join("\n")).not.toContain("ada@example.com");
    expect(describeError(queryError()).error).toMatch(/failed query: insert into/);
  });

  it("writes a readable line by default", () => {
    capture("text");
    log.info("worker ready", { taskQueue: "journeys" });
    expect(lines[0]).toMatch(/^\S+Z INFO {2}\[test\] worker ready taskQueue=journeys$/);
  });
});
