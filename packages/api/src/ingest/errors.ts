// Errors the ingest service throws; each deployable maps them to its own protocol
// (HTTP status codes in http/, TRPCError in the tRPC router).
import type { z } from "zod";

/** One problem with a payload: `path` is the dotted field (`properties.plan`), `body` for the whole body. */
export interface IngestIssue {
  path: string;
  message: string;
}

export class IngestValidationError extends Error {
  constructor(readonly issues: IngestIssue[]) {
    super(`Invalid event: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`);
    this.name = "IngestValidationError";
  }
}

export class IngestTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
    what: "event" | "batch" = "event",
  ) {
    super(`The ${what} is ${bytes} bytes; the limit is ${limit} bytes (${limit / 1024} KB) per ${what}`);
    this.name = "IngestTooLargeError";
  }
}

export function toIngestIssues(error: z.ZodError): IngestIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    message: issue.message,
  }));
}
