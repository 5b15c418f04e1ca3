"use client";
// The email step's consent fields: its subscription topic (recipients who left the topic are
// skipped) and "Transactional", which bypasses topics and carries no List-Unsubscribe.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId } from "react";
import { useTRPC } from "@/trpc/client";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import jc from "@/components/canvas/journey-editor.module.css";
import { CheckField } from "./check-field";

export function EmailTopicFields({
  data,
  onChange,
}: {
  data: NodeDataOf<"email">;
  onChange: (data: NodeDataOf<"email">) => void;
}) {
  const id = useId();
  const trpc = useTRPC();
  const topics = useQuery(trpc.topics.list.queryOptions());
  const topicId = data.topicId ?? null;
  const isTransactional = data.transactional === true;
  const isMissing = topicId !== null && topics.data !== undefined && !topics.data.some((topic) => topic.id === topicId);
  return (
    <>
      <div className={jc.field}>
        <label htmlFor={`${id}-topic`}>Subscription topic</label>
        <select
          id={`${id}-topic`}
          className={`nodrag ${jc.input}`}
          value={topicId ?? ""}
          disabled={isTransactional || topics.isPending}
          onChange={(e) => onChange({ ...data, topicId: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">{topics.isPending ? "Loading topics…" : "No topic (all marketing email)"}</option>
          {isMissing && <option value={topicId}>Deleted topic</option>}
          {topics.data?.map((topic) => (
            <option key={topic.id} value={topic.id}>
              {topic.name} ({topic.defaultMode === "opt_in" ? "opt-in" : "opt-out"})
            </option>
          ))}
        </select>
        <p className={jc.help}>
          Contacts who left the topic are skipped.{" "}
          <Link href="/settings" target="_blank">
            Manage topics ↗
          </Link>
        </p>
      </div>
      <CheckField checked={isTransactional} onCheck={(checked) => onChange({ ...data, transactional: checked })}>
        Transactional (bypasses topics)
      </CheckField>
    </>
  );
}
