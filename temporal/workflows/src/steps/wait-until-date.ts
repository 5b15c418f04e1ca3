// A wait until a date read from a trait or the trigger event, plus an offset.
import type { StepHandler } from "./run-state";
import { interpretWaitUntil } from "./wait-until";

export const interpretWaitUntilDate: StepHandler<"wait_until_date"> = (step, state) =>
  interpretWaitUntil(step, state, { kind: step.kind, source: step.source, path: step.path, offsetMs: step.offsetMs });
