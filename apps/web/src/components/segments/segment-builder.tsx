"use client";
// The segment builder: a name and AND/OR groups of rules, edited by the same groups editor
// as the branch condition (filters/predicate-groups.tsx). Saving creates or updates the segment;
// the server validates (references, cycles) and answers with the problem in words.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SegmentDefinition } from "@mailstream/journey/segment-definition";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { createSegmentRule, EMPTY_DEFINITION } from "./segment-rules";
import { SegmentRuleFields } from "./segment-rule-fields";
import { PredicateGroupsEditor } from "@/components/filters/predicate-groups";
import styles from "./segments.module.css";
import jc from "@/components/canvas/journey-editor.module.css";

interface SegmentBuilderProps {
  /** Absent when creating a segment. */
  segment?: { id: string; name: string; definition: SegmentDefinition };
  onSaved?: () => void;
}

export function SegmentBuilder({ segment, onSaved }: SegmentBuilderProps) {
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState(segment?.name ?? "");
  const [definition, setDefinition] = useState<SegmentDefinition>(segment?.definition ?? EMPTY_DEFINITION);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.segments.pathKey() });
  const create = useMutation(
    trpc.segments.create.mutationOptions({
      onSuccess: async (created) => {
        await invalidate();
        router.push(`/segments/${created.id}`);
      },
    }),
  );
  const update = useMutation(
    trpc.segments.update.mutationOptions({
      onSuccess: async () => {
        await invalidate();
        onSaved?.();
      },
    }),
  );
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;

  const save = () => {
    if (segment) update.mutate({ segmentId: segment.id, name, definition });
    else create.mutate({ name, definition });
  };

  return (
    <div className={styles.builder}>
      <form
        className={jc.form}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>Segment name</label>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            placeholder="Active pro users"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <PredicateGroupsEditor
          value={definition}
          onChange={setDefinition}
          idPrefix={id}
          noun="rule"
          createPredicate={() => createSegmentRule("trait")}
          renderPredicate={({ predicate, ...row }) => (
            <SegmentRuleFields {...row} rule={predicate} segmentId={segment?.id} />
          )}
        />
        <p className={jc.help}>
          Members are re-evaluated on every event and identify, and on a schedule for rules with a time window.
        </p>
        {error ? (
          <div className="alert alert-error" role="alert" data-testid="segment-error">
            {error.message}
          </div>
        ) : null}
        <div>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? "Saving…" : segment ? "Save segment" : "Create segment"}
          </button>
        </div>
      </form>
    </div>
  );
}
