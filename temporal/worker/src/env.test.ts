// The worker's env schema: contract defaults and errors that name the variable.
import { describe, expect, it } from "vitest";
import { readWorkerEnv } from "./env";

const REQUIRED = { DATABASE_URL: "postgres://localhost:5432/mailstream", TEMPORAL_ADDRESS: "localhost:7233" };

describe("readWorkerEnv", () => {
  it("applies the documented defaults", () => {
    expect(readWorkerEnv(REQUIRED)).toEqual({
      ...REQUIRED,
      TEMPORAL_NAMESPACE: "default",
      MAILSTREAM_DEFAULT_FROM: "Mailstream Demo <demo@mailstream.test>",
      MAILSTREAM_PUBLIC_URL: "http://localhost:3000",
      EMAIL_TRANSPORT: "outbox",
      EMAIL_RATE_LIMIT_PER_SECOND: 50,
      LOG_FORMAT: "text",
    });
  });

  it("parses the rate limit as a number", () => {
    expect(readWorkerEnv({ ...REQUIRED, EMAIL_RATE_LIMIT_PER_SECOND: "12.5" }).EMAIL_RATE_LIMIT_PER_SECOND).toBe(12.5);
  });

  it("names every bad variable", () => {
    const read = () =>
      readWorkerEnv({
        TEMPORAL_ADDRESS: "http://localhost:7233",
        EMAIL_TRANSPORT: "pigeon",
        EMAIL_RATE_LIMIT_PER_SECOND: "0",
      });
    expect(read).toThrow(/DATABASE_URL/);
    expect(read).toThrow(/TEMPORAL_ADDRESS: TEMPORAL_ADDRESS must be host:port/);
    expect(read).toThrow(/EMAIL_TRANSPORT/);
    expect(read).toThrow(/EMAIL_RATE_LIMIT_PER_SECOND/);
  });

  it("requires the chosen transport's settings", () => {
    expect(() => readWorkerEnv({ ...REQUIRED, EMAIL_TRANSPORT: "smtp" })).toThrow(
      /SMTP_URL: required when EMAIL_TRANSPORT is "smtp"/,
    );
    expect(() => readWorkerEnv({ ...REQUIRED, EMAIL_TRANSPORT: "resend" })).toThrow(/RESEND_API_KEY: required/);
    expect(readWorkerEnv({ ...REQUIRED, EMAIL_TRANSPORT: "smtp", SMTP_URL: "smtp://127.0.0.1:2525" }).SMTP_URL).toBe(
      "smtp://127.0.0.1:2525",
    );
    expect(() => readWorkerEnv({ ...REQUIRED, MAILSTREAM_SECRET: "short" })).toThrow(/MAILSTREAM_SECRET/);
  });
});
