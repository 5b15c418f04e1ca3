// Wait durations: conversion to milliseconds for the plan and human wording for the UI.
import type { Duration } from "./primitives";

const UNIT_MS: Record<Duration["unit"], number> = {
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

const UNIT_SINGULAR: Record<Duration["unit"], string> = {
  seconds: "second",
  minutes: "minute",
  hours: "hour",
  days: "day",
};

/** Whole milliseconds (Temporal timers have ms resolution); fractional amounts like 1.5 hours are allowed. */
export function durationToMs(duration: Duration): number {
  return Math.round(duration.amount * UNIT_MS[duration.unit]);
}

/**
 * The longest a wait may pause, time out or shift a date: a year. Anything longer is almost
 * surely a typo (99,999,999 days) and would outlive every version of the journey it sits in.
 */
export const MAX_WAIT_DAYS = 365;
const MAX_WAIT_MS = MAX_WAIT_DAYS * UNIT_MS.days;

/**
 * Why `duration` cannot be a wait's pause or timeout (or, with `isSigned`, an until-date
 * offset, which may be zero or negative), or null when it can: whole seconds — a timer finer
 * than that is a typo, while 1.5 hours is fine — at least 1 second, at most MAX_WAIT_DAYS.
 */
export function waitDurationProblem(duration: Duration, { isSigned = false } = {}): string | null {
  const ms = duration.amount * UNIT_MS[duration.unit];
  if (!Number.isFinite(ms)) return "must be a number";
  if (!isSigned && ms < UNIT_MS.seconds) return "must be at least 1 second";
  if (!Number.isInteger(Math.round(ms) / UNIT_MS.seconds)) return "must be a whole number of seconds";
  if (Math.abs(ms) > MAX_WAIT_MS) return `must be at most ${MAX_WAIT_DAYS} days`;
  return null;
}

/** "1 minute", "3 days", "1.5 hours". */
export function formatDuration(duration: Duration): string {
  const unit = duration.amount === 1 ? UNIT_SINGULAR[duration.unit] : duration.unit;
  return `${duration.amount} ${unit}`;
}

/** Largest whole unit that expresses `ms` exactly, for showing plan durations: 90_000 → "90 seconds". */
export function formatDurationMs(ms: number): string {
  const units = ["days", "hours", "minutes", "seconds"] as const;
  for (const unit of units) {
    if (ms >= UNIT_MS[unit] && ms % UNIT_MS[unit] === 0) return formatDuration({ amount: ms / UNIT_MS[unit], unit });
  }
  return ms === 1 ? "1 millisecond" : `${ms} milliseconds`;
}
