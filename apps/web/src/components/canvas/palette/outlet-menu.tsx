"use client";
// The question click-to-add asks when the selected step has several free outlets: a small
// menu naming them (Yes / No, A / B…). Escape or "Cancel" adds nothing.
import { useEffect, useRef } from "react";
import type { Outlet } from "@/components/canvas/kinds/canvas-kind";
import styles from "./palette.module.css";

interface OutletMenuProps {
  /** What is being added, for the menu's name ("Add Split after…"). */
  title: string;
  outlets: readonly Outlet[];
  onPick: (outlet: string | null) => void;
  onCancel: () => void;
}

export function OutletMenu({ title, outlets, onPick, onCancel }: OutletMenuProps) {
  const first = useRef<HTMLButtonElement>(null);
  // Focus moves into the menu so the keyboard path (Tab, Enter, Escape) works straight away.
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className={styles.outletMenu}
      role="group"
      aria-label={`Add ${title} from which outlet?`}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <span className={styles.outletMenuTitle}>Connect from</span>
      {outlets.map((outlet, index) => (
        <button
          key={outlet.id ?? ""}
          ref={index === 0 ? first : undefined}
          type="button"
          className={styles.outletMenuItem}
          onClick={() => onPick(outlet.id)}
        >
          {outlet.label || "Next"}
        </button>
      ))}
      <button type="button" className={styles.outletMenuCancel} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
