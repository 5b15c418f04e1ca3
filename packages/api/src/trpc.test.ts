// The one tRPC mapping of errors: toTRPCError as a unit, and the wire (fetch adapter) for an
// AppError, a database outage and an unknown error — the last without its text or a stack.
import { AppError, AppErrorCode } from "@mailstream/core/errors/app-error";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { configureLogger } from "@mailstream/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTRPCRouter, INTERNAL_ERROR_MESSAGE, publicProcedure, toTRPCError, type Context } from "./trpc";

// Log records land here, so a test can match a 500's error id to its record.
let lines: string[] = [];
beforeEach(() => {
  lines = [];
  configureLogger({ format: "json", write: (line) => lines.push(line) });
});
afterEach(() => configureLogger({ format: "text", write: (line) => process.stderr.write(`${line}\n`) }));

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
    const hidden = toTRPCError(new Error("Failed query: select secret"));
    expect(hidden.code).toBe("INTERNAL_SERVER_ERROR");
    expect(hidden.message).toMatch(new RegExp(`^${INTERNAL_ERROR_MESSAGE.replace(/[.;]/g, "\\$&")} Error id: err_`));
  });

  it("answers a value Postgres refused as data with BAD_REQUEST", () => {
    const nul = Object.assign(new Error("invalid byte sequence"), { code: "22021" });
    expect(toTRPCError(new Error("Failed query: insert", { cause: nul }))).toMatchObject({ code: "BAD_REQUEST" });
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
    echo: publicProcedure.input(z.object({ text: z.string() })).mutation(({ input }) => input.text),
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
    {
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
      const body = JSON.parse(bug.text) as { error: { json: { message: string; data: { errorId: string } } } };
      expect(body).toMatchObject({ error: { json: { data: { code: "INTERNAL_SERVER_ERROR" } } } });
      expect(body.error.json.message.startsWith(INTERNAL_ERROR_MESSAGE)).toBe(true);
      expect(bug.text).not.toMatch(/api_keys|key_hash|at .*\.ts/);
      // The same id in the answer and in exactly one log record.
      const { errorId } = body.error.json.data;
      expect(errorId).toMatch(/^err_[0-9a-f]{12}$/);
      expect(body.error.json.message).toContain(errorId);
      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records.filter((record) => record.errorId === errorId)).toMatchObject([
        { level: "error", message: "procedure failed" },
      ]);
    }
  });

  it("answers a body that is not JSON without quoting it", async () => {
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request("http://127.0.0.1/api/trpc/echo", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"secret-payload": nope}',
      }),
      router,
      createContext: () => ({}) as Context,
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/payload|nope/);
  });
});
