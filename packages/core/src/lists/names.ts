// Names of journeys and templates: required (never silently "Untitled"), trimmed, bounded;
// a duplicate is named "… (copy)".
import { AppError, AppErrorCode } from "../errors/app-error";

export const MAX_NAME_LENGTH = 200;

/** The name as stored, or an INVALID_INPUT saying what is wrong, for the `name` field. */
export function requireName(input: string, what: "journey" | "template"): string {
  const name = input.trim();
  const problem =
    name === ""
      ? `Give the ${what} a name.`
      : name.length > MAX_NAME_LENGTH
        ? `A ${what} name must be at most ${MAX_NAME_LENGTH} characters.`
        : null;
  if (problem)
    throw new AppError(AppErrorCode.INVALID_INPUT, problem, { issues: [{ path: "name", message: problem }] });
  return name;
}

/** `name (copy)`, shortened so the copy's name stays within the limit. */
export function copyName(name: string): string {
  const suffix = " (copy)";
  return `${name.slice(0, MAX_NAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
}

/** `name`, or `name (2)`, `name (3)`… — the first not in `taken`, shortened to stay within the limit. */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n += 1) {
    const suffix = ` (${n})`;
    const candidate = `${name.slice(0, MAX_NAME_LENGTH - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
