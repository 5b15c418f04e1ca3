"use client";
// The fields of "wait until the contact's best time": only the fallback time, since the hour
// itself comes from the contact's opens and clicks (packages/core/src/send-time).
import type { UntilBestTime } from "@mailstream/journey/schema";
import jc from "@/components/canvas/journey-editor.module.css";

interface UntilBestTimeFieldsProps {
  idPrefix: string;
  value: UntilBestTime;
  onChange: (value: UntilBestTime) => void;
}

export function UntilBestTimeFields({ idPrefix, value, onChange }: UntilBestTimeFieldsProps) {
  return (
    <>
      <p className={jc.help}>
        Waits until the hour this contact usually opens and clicks, in their time zone — at most 24 hours. Contacts with
        fewer than 3 opens or clicks get the workspace&apos;s best hour.
      </p>
      <div className={jc.field}>
        <label htmlFor={`${idPrefix}-fallback-time`}>When nobody has enough history</label>
        <input
          id={`${idPrefix}-fallback-time`}
          className={`nodrag ${jc.input}`}
          type="time"
          value={value.fallbackTime}
          onChange={(e) => onChange({ fallbackTime: e.target.value })}
        />
      </div>
    </>
  );
}
