// The save-time half of the link rule (emails/links.ts): a template or partial holding an href
// with another scheme than http, https or mailto is refused with a 400 naming each block, so
// the editor never shows "All changes saved" for `javascript:`.
import { findUnsafeLinks, type LinkProblem } from "@mailstream/emails/links";
import type { Block } from "@mailstream/emails/blocks";
import { AppError, AppErrorCode } from "../errors/app-error";

export function assertSafeLinks(content: { body?: string; blocks?: readonly Block[] | null }): void {
  const problems = findUnsafeLinks(content);
  if (problems.length === 0) return;
  throw new AppError(AppErrorCode.INVALID_INPUT, problems.map((problem) => problem.message).join("; "), {
    issues: problems.map((problem: LinkProblem) => ({
      path: problem.blockId === null ? "body" : `blocks.${problem.blockId}`,
      message: problem.message,
    })),
  });
}
