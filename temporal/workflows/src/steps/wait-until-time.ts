// A wait until a time of day (optionally on some weekdays) in the contact's time zone.
import type { StepHandler } from "./run-state";
import { interpretWaitUntil } from "./wait-until";

export const interpretWaitUntilTime: StepHandler<"wait_until_time"> = (step, state) =>
  interpretWaitUntil(step, state, {
    kind: step.kind,
    time: step.time,
    weekdays: step.weekdays,
    fallbackTimeZone: step.fallbackTimeZone,
  });
