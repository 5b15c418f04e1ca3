// The one HTTP mapping of errors (no I/O): each AppError code to its status, bad input listing
// its fields, a database outage to 503, and anything else to a 500 that leaks nothing.
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { describe, expect, it, vi } from "vitest";
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
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
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
      const body = JSON.stringify(await res.json());
      expect(body).not.toMatch(/select|api_keys|secret|42703/);
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });
});
