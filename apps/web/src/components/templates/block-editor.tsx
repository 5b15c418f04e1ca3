"use client";
// The block document editor: palette (adds to the chosen target), outline (select, reorder,
// remove) and the selected block's settings.
import { BLOCK_TYPES, type Block, type BlockType } from "@mailstream/emails/blocks";
import { useState } from "react";
import { BLOCK_LABELS, BlockOutline } from "./block-outline";
import { BlockSettings } from "./block-settings";
import {
  createBlock,
  findBlock,
  insertBlock,
  moveBlock,
  removeBlock,
  updateBlock,
  type BlockTarget,
} from "./block-tree";
import styles from "./block-editor.module.css";

interface Props {
  blocks: Block[];
  onChange: (blocks: Block[]) => void;
  partials: { id: string; name: string }[];
  /** Blocks with a problem (Liquid error, unknown variable) are marked in the outline. */
  flaggedIds: ReadonlySet<string>;
  /** Partials cannot hold partials. */
  allowPartials?: boolean;
}

const TOP: BlockTarget = { parentId: null, slot: 0 };

export function BlockEditor({ blocks, onChange, partials, flaggedIds, allowPartials = true }: Props) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [target, setTarget] = useState<BlockTarget>(TOP);
  const selected = selectedId ? findBlock(blocks, selectedId) : null;
  const targetBlock = target.parentId ? findBlock(blocks, target.parentId) : null;
  const effectiveTarget = targetBlock ? target : TOP;
  const partialNames = new Map(partials.map((p) => [p.id, p.name]));

  const add = (type: BlockType) => {
    const block = createBlock(type, type === "partial" ? partials[0]?.id : undefined);
    onChange(insertBlock(blocks, effectiveTarget, block));
    setSelectedId(block.id);
  };
  const types = BLOCK_TYPES.filter((type) => allowPartials || type !== "partial");

  return (
    <div className={styles.editor}>
      <div className={styles.palette} role="toolbar" aria-label="Block palette">
        {types.map((type) => (
          <button
            key={type}
            type="button"
            className="btn btn-sm"
            data-testid={`add-${type}`}
            onClick={() => add(type)}
            disabled={type === "partial" && partials.length === 0}
          >
            + {BLOCK_LABELS[type]}
          </button>
        ))}
      </div>
      <p className={styles.targetLine}>
        Adding to:{" "}
        <strong>
          {targetBlock
            ? `${BLOCK_LABELS[targetBlock.type]} (${targetBlock.type === "columns" ? `column ${effectiveTarget.slot + 1}` : "inside"})`
            : "the end of the email"}
        </strong>
        {targetBlock ? (
          <button type="button" className="btn btn-sm" onClick={() => setTarget(TOP)}>
            Back to top level
          </button>
        ) : null}
      </p>
      <BlockOutline
        blocks={blocks}
        selectedId={selectedId}
        target={effectiveTarget}
        flaggedIds={flaggedIds}
        partialNames={partialNames}
        onSelect={setSelectedId}
        onMove={(id, delta) => onChange(moveBlock(blocks, id, delta))}
        onRemove={(id) => {
          onChange(removeBlock(blocks, id));
          if (selectedId === id) setSelectedId(null);
        }}
        onTarget={setTarget}
      />
      {selected ? (
        <BlockSettings
          block={selected}
          partials={partials}
          onChange={(next) => onChange(updateBlock(blocks, selected.id, () => next))}
        />
      ) : (
        <p className="hint">Select a block to edit its settings.</p>
      )}
    </div>
  );
}
