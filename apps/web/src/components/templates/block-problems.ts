"use client";
// What an editor flags on its blocks: the preview's render problems and the unsafe links,
// merged into one set of block ids for the outline. Both the template and the partial editor
// read the halves too (Save waits on the links; the subject field on the preview).
import type { Block } from "@mailstream/emails/blocks";
import { useCallback, useMemo, useState } from "react";
import { useLinkProblems } from "./link-problems";
import type { PreviewProblems } from "./template-preview";

export function useBlockProblems(blocks: readonly Block[] | undefined) {
  const [problems, setProblems] = useState<PreviewProblems>({ field: null, blockIds: new Set() });
  const onProblems = useCallback((next: PreviewProblems) => setProblems(next), []);
  const linkProblems = useLinkProblems(blocks);
  const flaggedIds = useMemo(
    () => new Set([...problems.blockIds, ...linkProblems.flatMap((problem) => problem.blockId ?? [])]),
    [problems.blockIds, linkProblems],
  );
  return { problems, onProblems, linkProblems, flaggedIds };
}
