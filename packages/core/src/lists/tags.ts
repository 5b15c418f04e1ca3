// Tags on journeys and templates: short labels a marketer files things under ("onboarding",
// "q3-promo") and filters the lists by. Stored lower-cased, so "Promo" and "promo" are one tag.
import { AppError, AppErrorCode } from "../errors/app-error";

export const MAX_TAG_LENGTH = 32;
/** Enough to file a thing under team, season and purpose; the list's filter stays readable. */
export const MAX_TAGS = 10;
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u;

function invalidTag(message: string): AppError {
  return new AppError(AppErrorCode.INVALID_INPUT, message, { issues: [{ path: "tag", message }] });
}

/** The tag as stored, or an INVALID_INPUT naming what is wrong with it. */
export function normalizeTag(input: string): string {
  const tag = input.trim().replace(/\s+/g, " ").toLowerCase();
  if (tag === "") throw invalidTag("A tag cannot be empty.");
  if (tag.length > MAX_TAG_LENGTH) throw invalidTag(`A tag must be at most ${MAX_TAG_LENGTH} characters.`);
  if (!TAG_PATTERN.test(tag))
    throw invalidTag("A tag starts with a letter or digit and holds only letters, digits, spaces, - and _.");
  return tag;
}

/** The tags after adding one; adding a tag already there changes nothing (a retried click). */
export function withTag(tags: readonly string[], input: string): string[] {
  const tag = normalizeTag(input);
  if (tags.includes(tag)) return [...tags];
  if (tags.length >= MAX_TAGS)
    throw new AppError(AppErrorCode.LIMIT_EXCEEDED, `At most ${MAX_TAGS} tags; remove one first.`, {
      issues: [{ path: "tag", message: `At most ${MAX_TAGS} tags` }],
    });
  return [...tags, tag];
}

/** The tags after removing one; removing a tag that is not there changes nothing. */
export function withoutTag(tags: readonly string[], input: string): string[] {
  const tag = input.trim().replace(/\s+/g, " ").toLowerCase();
  return tags.filter((existing) => existing !== tag);
}
