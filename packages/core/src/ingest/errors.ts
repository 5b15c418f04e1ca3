// The ingest errors: AppErrors whose details the transports hand back (the HTTP 400 body's
// `errors`, the tRPC error's `ingestIssues`), so a client learns every bad field at once.
import type { z } from "zod";
import { AppError, AppErrorCode, type AppErrorIssue } from "../errors/app-error";

/** One problem with a payload: `path` is the dotted field (`properties.plan`), `body` for the whole body. */
export type IngestIssue = AppErrorIssue;

export class IngestValidationError extends AppError {
  declare readonly issues: IngestIssue[];

  constructor(issues: IngestIssue[]) {
    super(
      AppErrorCode.INVALID_INPUT,
      `Invalid event: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`,
      { issues },
    );
    this.name = "IngestValidationError";
  }
}

export class IngestTooLargeError extends AppError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
    what: "event" | "batch" = "event",
  ) {
    super(
      AppErrorCode.LIMIT_EXCEEDED,
      `The ${what} is ${bytes} bytes; the limit is ${limit} bytes (${limit / 1024} KB) per ${what}`,
    );
    this.name = "IngestTooLargeError";
  }
}

export function toIngestIssues(error: z.ZodError): IngestIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join(".") : "body",
    message: issue.message,
  }));
}
