import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  databaseEnv,
  emailEnv,
  parseEnv,
  requireTransportCredentials,
  temporalClientEnv,
  temporalUiEnv,
  temporalWorkerEnv,
} from "./index";

describe("composed environments", () => {
  const client = z.object({ ...databaseEnv, ...temporalClientEnv });
  const worker = z
    .object({ ...databaseEnv, ...temporalWorkerEnv, ...emailEnv })
    .superRefine(requireTransportCredentials);

  it("applies a group's defaults", () => {
    expect(parseEnv("web", client, { DATABASE_URL: "postgres://x" })).toMatchObject({
      TEMPORAL_ADDRESS: "localhost:7233",
      TEMPORAL_NAMESPACE: "default",
    });
  });

  it("names every problem and the process", () => {
    expect(() => parseEnv("worker", worker, { TEMPORAL_ADDRESS: "http://x" })).toThrow(
      "invalid worker environment:\n  DATABASE_URL: DATABASE_URL is required (postgres://…)\n" +
        "  TEMPORAL_ADDRESS: TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233",
    );
  });

  it("requires the chosen transport's credentials", () => {
    expect(() =>
      parseEnv("worker", worker, { DATABASE_URL: "postgres://x", TEMPORAL_ADDRESS: "h:1", EMAIL_TRANSPORT: "resend" }),
    ).toThrow(/RESEND_API_KEY: required when EMAIL_TRANSPORT is "resend"/);
  });

  it("gives the worker no default Temporal address", () => {
    expect(() => parseEnv("worker", worker, { DATABASE_URL: "postgres://x" })).toThrow(/TEMPORAL_ADDRESS/);
  });

  it("links runs to the dev server's Temporal UI unless told otherwise, and only over http(s)", () => {
    const web = z.object(temporalUiEnv);
    expect(parseEnv("web", web, {})).toEqual({ TEMPORAL_UI_URL: "http://localhost:8233" });
    expect(parseEnv("web", web, { TEMPORAL_UI_URL: "https://temporal.example.com/" }).TEMPORAL_UI_URL).toBe(
      "https://temporal.example.com/",
    );
    expect(() => parseEnv("web", web, { TEMPORAL_UI_URL: "javascript:alert(1)" })).toThrow(
      /TEMPORAL_UI_URL must be an http\(s\) URL/,
    );
  });
});
