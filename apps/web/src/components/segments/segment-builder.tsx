"use client";
// The segment builder: a name and AND/OR groups of rules, laid out like the branch
// condition builder (same classes and row frame). Saving creates or updates the segment;
// the server validates (references, cycles) and answers with the problem in words.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SegmentDefinition, SegmentGroup } from "@mailstream/journey/segment-definition";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { createSegmentRule, EMPTY_DEFINITION } from "./segment-rules";
import { SegmentRuleFields } from "./segment-rule-fields";
import styles from "./segments.module.css";
import jc from "@/components/canvas/journey-editor.module.css";

function MatchSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: "all" | "any";
  onChange: (v: "all" | "any") => void;
}) {
  return (
    <select
      aria-label={label}
      className={`${jc.input} ${jc.inputInline}`}
      value={value}
      onChange={(e) => onChange(e.target.value as "all" | "any")}
    >
      <option value="all">AND</option>
      <option value="any">OR</option>
    </select>
  );
}

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

  const setGroups = (groups: SegmentGroup[]) => setDefinition({ ...definition, groups });
  const setGroup = (index: number, group: SegmentGroup) =>
    setGroups(definition.groups.map((g, i) => (i === index ? group : g)));
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
        {definition.groups.length > 1 && (
          <div className={`${jc.field} ${jc.fieldInline}`}>
            <span>Join groups with</span>
            <MatchSelect
              label="Join groups with"
              value={definition.match}
              onChange={(match) => setDefinition({ ...definition, match })}
            />
          </div>
        )}
        {definition.groups.map((group, gi) => (
          <fieldset key={`${gi}:${definition.groups.length}`} className={`${jc.fieldset} ${jc.group}`}>
            <legend>
              {`Group ${gi + 1}`}
              {group.predicates.length > 1 && (
                <MatchSelect
                  label={`Group ${gi + 1} joins rules with`}
                  value={group.match}
                  onChange={(match) => setGroup(gi, { ...group, match })}
                />
              )}
            </legend>
            {group.predicates.map((rule, pi) => (
              <SegmentRuleFields
                key={`${pi}:${group.predicates.length}:${rule.type}`}
                name={`Group ${gi + 1} rule ${pi + 1}`}
                idPrefix={`${id}-g${gi}-p${pi}`}
                rule={rule}
                segmentId={segment?.id}
                onChange={(next) =>
                  setGroup(gi, { ...group, predicates: group.predicates.map((p, i) => (i === pi ? next : p)) })
                }
                onRemove={() => setGroup(gi, { ...group, predicates: group.predicates.filter((_, i) => i !== pi) })}
              />
            ))}
            <div className={jc.links}>
              <button
                type="button"
                className={`${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
                onClick={() =>
                  setGroup(gi, { ...group, predicates: [...group.predicates, createSegmentRule("trait")] })
                }
              >
                + Add rule
              </button>
              <button
                type="button"
                className={`${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
                aria-label={`Remove group ${gi + 1}`}
                onClick={() => setGroups(definition.groups.filter((_, i) => i !== gi))}
              >
                Remove group
              </button>
            </div>
          </fieldset>
        ))}
        <div className={jc.links}>
          <button
            type="button"
            className={`${jc.button} ${jc.buttonGhost} ${jc.buttonSmall}`}
            onClick={() =>
              setGroups([...definition.groups, { match: "all", predicates: [createSegmentRule("trait")] }])
            }
          >
            + Add group
          </button>
        </div>
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
