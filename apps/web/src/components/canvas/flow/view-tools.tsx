"use client";
// The view tools, top right over the pane: Export (PNG or SVG of the drawing) and "?" (the
// shortcut sheet); they change nothing, so an archived journey has them too. The editing
// tools are top-left: edit-tools.tsx. A React Flow <Panel>, so they sit above the nodes and never
// appear in an exported picture, which renders only the viewport.
import { useRef, useState, type KeyboardEvent } from "react";
import { Panel, useReactFlow, useStoreApi } from "@xyflow/react";
import { downloadDataUrl, imageFileName, renderCanvasImage, type ImageFormat } from "./canvas-export";
import { useShortcutSheet } from "./shortcut-sheet";
import styles from "./view-tools.module.css";

const FORMATS: readonly { format: ImageFormat; label: string }[] = [
  { format: "png", label: "PNG image" },
  { format: "svg", label: "SVG image" },
];

export function ViewTools({ journeyName }: { journeyName: string }) {
  const { open: openShortcuts, sheet } = useShortcutSheet();
  return (
    <Panel position="top-right" className={styles.tools} role="group" aria-label="View tools">
      <ExportMenu journeyName={journeyName} />
      <button
        type="button"
        className={styles.toolButton}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={openShortcuts}
      >
        ?
      </button>
      {sheet}
    </Panel>
  );
}

function ExportMenu({ journeyName }: { journeyName: string }) {
  const { getNodes } = useReactFlow();
  const flowStore = useStoreApi();
  const [isOpen, setIsOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const close = () => {
    setIsOpen(false);
    button.current?.focus();
  };
  const exportAs = async (format: ImageFormat) => {
    close();
    setError(null);
    const viewport = flowStore.getState().domNode?.querySelector<HTMLElement>(".react-flow__viewport");
    if (!viewport) return;
    try {
      downloadDataUrl(await renderCanvasImage(viewport, getNodes(), format), imageFileName(journeyName, format));
    } catch (cause) {
      setError(`Could not export the canvas: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };
  // A menu button's keys (WAI-ARIA menu pattern): arrows move between items, Escape closes.
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === "Escape") close();
    else if (event.key === "ArrowDown") items[(index + 1) % items.length]?.focus();
    else if (event.key === "ArrowUp") items[(index - 1 + items.length) % items.length]?.focus();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div className={styles.menuAnchor}>
      <button
        ref={button}
        type="button"
        className={styles.toolButton}
        aria-haspopup="menu"
        aria-expanded={isOpen}
        onClick={() => {
          setIsOpen(!isOpen);
          // Focus the first item once the menu is drawn.
          requestAnimationFrame(() => menu.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus());
        }}
      >
        Export
      </button>
      {isOpen && (
        <div
          ref={menu}
          role="menu"
          aria-label="Export the canvas as"
          className={styles.menu}
          onKeyDown={onMenuKeyDown}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setIsOpen(false);
          }}
        >
          {FORMATS.map(({ format, label }) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              className={styles.menuItem}
              onClick={() => void exportAs(format)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
    </div>
  );
}
