"use client";
// What starts the journey: a tracked event, or a contact entering one of the workspace's
// segments. Switching keeps the other source's fields so switching back loses nothing.
import { useId } from "react";
import type { NodeDataOf } from "@/components/canvas/kinds/canvas-kind";
import { useCanvasStore } from "@/components/canvas/store/use-canvas-store";
import jc from "@/components/canvas/journey-editor.module.css";

interface TriggerSourceFieldsProps {
  data: NodeDataOf<"trigger">;
  onChange: (data: NodeDataOf<"trigger">) => void;
}

export function TriggerSourceFields({ data, onChange }: TriggerSourceFieldsProps) {
  // The workspace's segments; undefined while loading.
  const segments = useCanvasStore((s) => s.segments);
  const id = useId();
  const source = data.source ?? "event";
  const isMissing =
    data.segmentId !== undefined &&
    data.segmentId !== "" &&
    segments !== undefined &&
    !segments.some((s) => s.id === data.segmentId);
  return (
    <>
      <div className={jc.field}>
        <label htmlFor={`${id}-source`}>Starts</label>
        <select
          id={`${id}-source`}
          className={`nodrag ${jc.input}`}
          value={source}
          onChange={(e) => onChange({ ...data, source: e.target.value === "segment" ? "segment" : "event" })}
        >
          <option value="event">When an event is tracked</option>
          <option value="segment">When a contact enters a segment</option>
        </select>
      </div>
      {source === "segment" && (
        <div className={jc.field}>
          <label htmlFor={`${id}-segment`}>Segment</label>
          <select
            id={`${id}-segment`}
            className={`nodrag ${jc.input}`}
            value={data.segmentId ?? ""}
            disabled={segments === undefined}
            onChange={(e) => onChange({ ...data, segmentId: e.target.value === "" ? undefined : e.target.value })}
          >
            <option value="">{segments === undefined ? "Loading segments…" : "Choose a segment…"}</option>
            {isMissing && <option value={data.segmentId}>Deleted segment</option>}
            {segments?.map((segment) => (
              <option key={segment.id} value={segment.id}>
                {segment.name}
              </option>
            ))}
          </select>
          <p className={jc.help}>
            A run starts each time a contact joins this segment (subject to the entry rules below).
          </p>
        </div>
      )}
    </>
  );
}
