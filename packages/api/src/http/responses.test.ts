// The one HTTP mapping of errors (no I/O): each AppError code to its status, bad input listing
// its fields, a database outage to 503, and anything else to a 500 that leaks nothing.
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { configureLogger } from "@mailstream/log";
import { describe, expect, it } from "vitest";
import { errorToResponse, HTTP_STATUSES } from "./responses";

describe("errorToResponse", () => {
  it("maps every AppError code to its status and keeps the message", async () => {
    const expected = {
      NOT_FOUND: 404,
      INVALID_INPUT: 400,
      CONFLICT: 409,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      PRECONDITION_FAILED: 412,
      LIMIT_EXCEEDED: 413,
      UNAVAILABLE: 503,
    };
    expect(HTTP_STATUSES).toEqual(expected);
    for (const code of [
      AppErrorCode.NOT_FOUND,
      AppErrorCode.CONFLICT,
      AppErrorCode.FORBIDDEN,
      AppErrorCode.PRECONDITION_FAILED,
      AppErrorCode.LIMIT_EXCEEDED,
    ]) {
      const res = errorToResponse(new AppError(code, `because ${code}`));
      expect(res.status).toBe(expected[code]);
      expect(await res.json()).toEqual({ success: false, error: `because ${code}` });
    }
  });

  it("lists each bad field for INVALID_INPUT, challenges for UNAUTHORIZED, asks for a retry on UNAVAILABLE", async () => {
    const invalid = errorToResponse(
      new AppError(AppErrorCode.INVALID_INPUT, "bad", { issues: [{ path: "cursor", message: "not a cursor" }] }),
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ success: false, errors: [{ path: "cursor", message: "not a cursor" }] });
    const unauthorized = errorToResponse(new AppError(AppErrorCode.UNAUTHORIZED, "Missing API key."));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("www-authenticate")).toMatch(/^Basic/);
    const unavailable = errorToResponse(new AppError(AppErrorCode.UNAVAILABLE, "transport down"));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("1");
  });

  it("answers a database outage with 503 and an unknown error with a 500 that holds no SQL", async () => {
    const lines: string[] = [];
    configureLogger({ format: "json", write: (line) => lines.push(line) });
    try {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      expect(errorToResponse(new Error("Failed query: select 1", { cause: refused })).status).toBe(503);
      expect(errorToResponse(Object.assign(new Error("terminating connection"), { code: "57P01" })).status).toBe(503);

      const res = errorToResponse(
        new Error('Failed query: select "secret" from "api_keys"', {
          cause: Object.assign(new Error("boom"), { code: "42703" }),
        }),
      );
      expect(res.status).toBe(500);
      const body = (await res.json()) as { errorId: string };
      expect(JSON.stringify(body)).not.toMatch(/select|api_keys|secret|42703/);
      // The 500 and its log record share an error id.
      expect(body.errorId).toMatch(/^err_[0-9a-f]{12}$/);
      const record = lines.map((line) => JSON.parse(line) as Record<string, unknown>).at(-1);
      expect(record).toMatchObject({ level: "error", errorId: body.errorId });
    } finally {
      configureLogger({ format: "text", write: (line) => process.stderr.write(`${line}\n`) });
    }
  });

  it("answers a value Postgres refused as data with a 400, even when its parameters read like an outage", async () => {
    const lines: string[] = [];
    configureLogger({ write: (line) => lines.push(line) });
    try {
      const nul = Object.assign(new Error("invalid byte sequence for encoding UTF8: 0x00"), { code: "22021" });
      const query = Object.assign(new Error("Failed query: insert … params: connection refused"), {
        query: "insert into events …",
        cause: nul,
      });
      const res = errorToResponse(query);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).not.toMatch(/insert|params|0x00/);
    } finally {
      configureLogger({ write: (line) => process.stderr.write(`${line}\n`) });
    }
  });
});
