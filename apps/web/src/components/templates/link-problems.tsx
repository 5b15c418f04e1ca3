"use client";
// The editor's half of the link rule (emails/links.ts): hrefs other than http, https and mailto
// are listed by block, and Save stays off until they are fixed. The server refuses them too.
import { findUnsafeLinks, type LinkProblem } from "@mailstream/emails/links";
import type { Block } from "@mailstream/emails/blocks";
import { useMemo } from "react";

export function useLinkProblems(blocks: readonly Block[] | undefined): LinkProblem[] {
  return useMemo(() => (blocks ? findUnsafeLinks({ blocks }) : []), [blocks]);
}

export function LinkProblems({ problems, className }: { problems: LinkProblem[]; className?: string | undefined }) {
  if (problems.length === 0) return null;
  return (
    <div className={`alert alert-error ${className ?? ""}`} role="alert" data-testid="template-link-problems">
      <strong>Fix these links to save:</strong>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.blockId ?? "body"}:${problem.message}`}>{problem.message}</li>
        ))}
      </ul>
    </div>
  );
}
