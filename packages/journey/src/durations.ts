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
