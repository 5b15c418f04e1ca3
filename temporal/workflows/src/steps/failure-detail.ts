// What a step records about an activity that failed for good (webhook, update contact).
import { ApplicationFailure, type ActivityFailure } from "@temporalio/workflow";

export function failureDetail(error: ActivityFailure): Record<string, unknown> {
  const cause = error.cause;
  const details =
    cause instanceof ApplicationFailure ? (cause.details?.[0] as Record<string, unknown> | undefined) : undefined;
  return {
    error: cause?.message ?? error.message,
    errorType: cause instanceof ApplicationFailure ? cause.type : cause?.name,
    ...(details && "status" in details ? { status: details.status } : {}),
  };
}
