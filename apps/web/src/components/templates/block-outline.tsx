"use client";
// The block outline: every block of the document in order, nested under its container, with
// select, move up/down and remove; containers offer "add here" targets for the palette.
import type { Block } from "@mailstream/emails/blocks";
import { summarizeBlock, type BlockTarget } from "./block-tree";
import styles from "./block-editor.module.css";

export const BLOCK_LABELS: Record<Block["type"], string> = {
  heading: "Heading",
  text: "Text",
  button: "Button",
  image: "Image",
  divider: "Divider",
  spacer: "Spacer",
  columns: "Columns",
  repeat: "Repeat",
  conditional: "Conditional",
  partial: "Partial",
};

interface Props {
  blocks: Block[];
  selectedId: string | null;
  target: BlockTarget;
  flaggedIds: ReadonlySet<string>;
  partialNames: ReadonlyMap<string, string>;
  onSelect: (id: string) => void;
  onMove: (id: string, delta: -1 | 1) => void;
  onRemove: (id: string) => void;
  onTarget: (target: BlockTarget) => void;
}

function slotsOf(block: Block): { label: string; blocks: Block[] }[] {
  if (block.type === "columns") return block.columns.map((col, i) => ({ label: `Column ${i + 1}`, blocks: col }));
  if (block.type === "repeat") return [{ label: `For each ${block.as}`, blocks: block.blocks }];
  if (block.type === "conditional") return [{ label: "Shown when true", blocks: block.blocks }];
  return [];
}

function List({ blocks, ...props }: Props) {
  return (
    <ol className={styles.outline}>
      {blocks.map((block, index) => {
        const summary =
          block.type === "partial"
            ? (props.partialNames.get(block.partialId) ?? "missing partial")
            : summarizeBlock(block);
        return (
          <li key={block.id} className={styles.outlineItem}>
            <div
              className={styles.blockRow}
              data-selected={props.selectedId === block.id}
              data-flagged={props.flaggedIds.has(block.id)}
              data-testid="block-row"
              data-block-type={block.type}
            >
              <button
                type="button"
                className={styles.blockSelect}
                onClick={() => props.onSelect(block.id)}
                aria-pressed={props.selectedId === block.id}
              >
                <span className={styles.blockType}>{BLOCK_LABELS[block.type]}</span>
                <span className={styles.blockSummary}>{summary}</span>
              </button>
              <div className={styles.blockActions}>
                <button
                  type="button"
                  className="btn btn-sm"
                  aria-label={`Move ${BLOCK_LABELS[block.type]} up`}
                  disabled={index === 0}
                  onClick={() => props.onMove(block.id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  aria-label={`Move ${BLOCK_LABELS[block.type]} down`}
                  disabled={index === blocks.length - 1}
                  onClick={() => props.onMove(block.id, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-sm"
                  aria-label={`Remove ${BLOCK_LABELS[block.type]}`}
                  onClick={() => props.onRemove(block.id)}
                >
                  ✕
                </button>
              </div>
            </div>
            {slotsOf(block).map((slot, slotIndex) => {
              const isTarget = props.target.parentId === block.id && props.target.slot === slotIndex;
              return (
                <div key={slotIndex} className={styles.slot} data-target={isTarget}>
                  <div className={styles.slotHeader}>
                    <span>{slot.label}</span>
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => props.onTarget({ parentId: block.id, slot: slotIndex })}
                    >
                      {isTarget ? "Adding here" : "+ Add here"}
                    </button>
                  </div>
                  {slot.blocks.length > 0 ? (
                    <List {...props} blocks={slot.blocks} />
                  ) : (
                    <p className={styles.emptySlot}>Empty</p>
                  )}
                </div>
              );
            })}
          </li>
        );
      })}
    </ol>
  );
}

export function BlockOutline(props: Props) {
  if (props.blocks.length === 0) return <p className="muted">No blocks yet: add one from the palette.</p>;
  return <List {...props} />;
}
