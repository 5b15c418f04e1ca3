// The one error a use case throws. Each transport maps it once: packages/api's trpc.ts to a
// tRPC code, http/responses.ts to an HTTP status. Use cases never throw transport errors.

export const AppErrorCode = {
  /** The thing named does not exist in this workspace (404). */
  NOT_FOUND: "NOT_FOUND",
  /** The input cannot be stored as given; `issues` name each field (400). */
  INVALID_INPUT: "INVALID_INPUT",
  /** The input clashes with something that exists (a name taken, a winner declared) (409). */
  CONFLICT: "CONFLICT",
  /** No key, or a key that is not valid (401). */
  UNAUTHORIZED: "UNAUTHORIZED",
  /** A valid key that may not do this (403). */
  FORBIDDEN: "FORBIDDEN",
  /** Valid input, but the current state refuses it (an archived journey, a missing secret) (412). */
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  /** A size or count limit (413). */
  LIMIT_EXCEEDED: "LIMIT_EXCEEDED",
  /** A dependency (database, Temporal, a mail transport) failed; retry later (503). */
  UNAVAILABLE: "UNAVAILABLE",
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** One problem with the input: `path` is the dotted field (`properties.plan`), `body` for the whole body. */
export interface AppErrorIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  issues?: AppErrorIssue[] | undefined;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: AppErrorIssue[] | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.issues = options.issues;
  }
}
