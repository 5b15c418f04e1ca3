// The one tRPC mapping of errors: toTRPCError as a unit, and the wire (fetch adapter) for an
// AppError, a database outage and an unknown error — the last without its text or a stack.
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { describe, expect, it, vi } from "vitest";
import { createTRPCRouter, INTERNAL_ERROR_MESSAGE, publicProcedure, toTRPCError, type Context } from "./trpc";

describe("toTRPCError", () => {
  it("maps each AppError code once", () => {
    const expected = {
      NOT_FOUND: "NOT_FOUND",
      INVALID_INPUT: "BAD_REQUEST",
      CONFLICT: "CONFLICT",
      UNAUTHORIZED: "UNAUTHORIZED",
      FORBIDDEN: "FORBIDDEN",
      PRECONDITION_FAILED: "PRECONDITION_FAILED",
      LIMIT_EXCEEDED: "PAYLOAD_TOO_LARGE",
      UNAVAILABLE: "SERVICE_UNAVAILABLE",
    };
    for (const code of Object.values(AppErrorCode)) {
      const mapped = toTRPCError(new AppError(code, "why"));
      expect(mapped).toMatchObject({ code: expected[code], message: "why" });
      expect(mapped.cause).toBeInstanceOf(AppError);
    }
  });

  it("keeps a TRPCError, unwraps an AppError tRPC wrapped, hides an unknown error", () => {
    const bad = new TRPCError({ code: "BAD_REQUEST", message: "input" });
    expect(toTRPCError(bad)).toBe(bad);
    const wrapped = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      cause: new AppError(AppErrorCode.CONFLICT, "taken"),
    });
    expect(toTRPCError(wrapped)).toMatchObject({ code: "CONFLICT", message: "taken" });
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(toTRPCError(new Error("Failed query: select secret"))).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        message: INTERNAL_ERROR_MESSAGE,
      });
    } finally {
      log.mockRestore();
    }
  });
});

describe("errors on the wire", () => {
  const router = createTRPCRouter({
    missing: publicProcedure.query(() => {
      throw new AppError(AppErrorCode.NOT_FOUND, "Journey j-1 does not exist in this workspace.");
    }),
    down: publicProcedure.query(() => {
      throw new Error("Failed query: select 1", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      });
    }),
    bug: publicProcedure.query(() => {
      throw new Error('Failed query: select "key_hash" from "api_keys"');
    }),
  });

  async function call(path: string) {
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://127.0.0.1/api/trpc/${path}`),
      router,
      createContext: () => ({}) as Context,
    });
    return { status: res.status, text: await res.text() };
  }

  it("sends an AppError as its status and code, a database outage as 503, anything else as a generic 500", async () => {
    const quiet = [
      vi.spyOn(console, "error").mockImplementation(() => {}),
      vi.spyOn(console, "warn").mockImplementation(() => {}),
    ];
    try {
      const missing = await call("missing");
      expect(missing.status).toBe(404);
      expect(JSON.parse(missing.text)).toMatchObject({
        error: {
          json: {
            message: "Journey j-1 does not exist in this workspace.",
            data: { code: "NOT_FOUND", httpStatus: 404 },
          },
        },
      });

      expect((await call("down")).status).toBe(503);

      const bug = await call("bug");
      expect(bug.status).toBe(500);
      expect(JSON.parse(bug.text)).toMatchObject({
        error: { json: { message: INTERNAL_ERROR_MESSAGE, data: { code: "INTERNAL_SERVER_ERROR" } } },
      });
      expect(bug.text).not.toMatch(/api_keys|key_hash|at .*\.ts/);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });
});
