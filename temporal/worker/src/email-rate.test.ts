import { describe, expect, it } from "vitest";
import { resolveEmailRate } from "./email-rate";
import { readWorkerEnv } from "./env";

describe("resolveEmailRate", () => {
  it("takes the transport's own limit, else the default", () => {
    const perTransport = { resend: 2, smtp: 20 };
    expect(resolveEmailRate({ transport: "resend", defaultRate: 50, perTransport })).toBe(2);
    expect(resolveEmailRate({ transport: "smtp", defaultRate: 50, perTransport })).toBe(20);
    expect(resolveEmailRate({ transport: "outbox", defaultRate: 50, perTransport })).toBe(50);
    expect(() => resolveEmailRate({ transport: "outbox", defaultRate: 0, perTransport: {} })).toThrow(
      /must be a positive number/,
    );
  });

  it("reads the per-transport limits from the worker env and rejects bad ones", () => {
    const base = {
      DATABASE_URL: "postgres://x",
      TEMPORAL_ADDRESS: "localhost:7233",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_x",
    };
    const env = readWorkerEnv({ ...base, EMAIL_RATE_LIMIT_RESEND: "2" });
    expect(env.EMAIL_RATE_LIMIT_RESEND).toBe(2);
    expect(
      resolveEmailRate({
        transport: env.EMAIL_TRANSPORT,
        defaultRate: env.EMAIL_RATE_LIMIT_PER_SECOND,
        perTransport: { resend: env.EMAIL_RATE_LIMIT_RESEND },
      }),
    ).toBe(2);
    expect(() => readWorkerEnv({ ...base, EMAIL_RATE_LIMIT_SMTP: "-1" })).toThrow(/EMAIL_RATE_LIMIT_SMTP/);
  });
});
