// Pure edits of a block document for the editor: new blocks with fresh ids, update / remove /
// move a block found by id anywhere in the tree, insert into a container's slot.
import type { Block, BlockType } from "@mailstream/emails/blocks";

/** Where a new block goes: the top level, or slot `slot` of container `parentId` (columns have one slot per column). */
export type BlockTarget = { parentId: string | null; slot: number };

let counter = 0;
function newBlockId(type: BlockType): string {
  counter += 1;
  return `${type}-${Date.now().toString(36)}${counter.toString(36)}`;
}

export function createBlock(type: BlockType, partialId?: string): Block {
  const id = newBlockId(type);
  switch (type) {
    case "heading":
      return { type, id, level: 2, text: "Heading" };
    case "text":
      return { type, id, text: "Write something. **Bold**, *italic* and [links](https://example.test) work." };
    case "button":
      return { type, id, label: "Open", url: "https://example.test" };
    case "image":
      return { type, id, src: "https://placehold.co/560x200/png", alt: "Image", width: 560 };
    case "divider":
      return { type, id };
    case "spacer":
      return { type, id, height: 24 };
    case "columns":
      return { type, id, columns: [[], []] };
    case "repeat":
      return {
        type,
        id,
        path: "event.properties.items",
        as: "item",
        blocks: [{ type: "text", id: newBlockId("text"), text: "{{ item.name }}" }],
      };
    case "conditional":
      return { type, id, condition: "contact.first_name", blocks: [] };
    case "partial":
      return { type, id, partialId: partialId ?? "" };
  }
}

function mapLists(block: Block, fn: (list: Block[], slot: number) => Block[]): Block {
  if (block.type === "columns") return { ...block, columns: block.columns.map((col, i) => fn(col, i)) };
  if (block.type === "repeat" || block.type === "conditional") return { ...block, blocks: fn(block.blocks, 0) };
  return block;
}

export function updateBlock(blocks: Block[], id: string, replace: (block: Block) => Block): Block[] {
  return blocks.map((block) =>
    block.id === id ? replace(block) : mapLists(block, (list) => updateBlock(list, id, replace)),
  );
}

export function removeBlock(blocks: Block[], id: string): Block[] {
  return blocks.filter((block) => block.id !== id).map((block) => mapLists(block, (list) => removeBlock(list, id)));
}

/** Moves a block one place up (-1) or down (+1) among its siblings. */
export function moveBlock(blocks: Block[], id: string, delta: -1 | 1): Block[] {
  const index = blocks.findIndex((block) => block.id === id);
  if (index >= 0) {
    const to = index + delta;
    if (to < 0 || to >= blocks.length) return blocks;
    const next = [...blocks];
    const [moved] = next.splice(index, 1);
    next.splice(to, 0, moved as Block);
    return next;
  }
  return blocks.map((block) => mapLists(block, (list) => moveBlock(list, id, delta)));
}

export function insertBlock(blocks: Block[], target: BlockTarget, block: Block): Block[] {
  if (target.parentId === null) return [...blocks, block];
  return blocks.map((parent) =>
    parent.id === target.parentId
      ? mapLists(parent, (list, slot) => (slot === target.slot ? [...list, block] : list))
      : mapLists(parent, (list) => insertBlock(list, target, block)),
  );
}

export function findBlock(blocks: readonly Block[], id: string): Block | null {
  for (const block of blocks) {
    if (block.id === id) return block;
    const lists =
      block.type === "columns"
        ? block.columns
        : block.type === "repeat" || block.type === "conditional"
          ? [block.blocks]
          : [];
    for (const list of lists) {
      const found = findBlock(list, id);
      if (found) return found;
    }
  }
  return null;
}

/** One-line description of a block for the outline. */
export function summarizeBlock(block: Block): string {
  switch (block.type) {
    case "heading":
    case "text":
      return block.text.split("\n")[0]?.slice(0, 60) ?? "";
    case "button":
      return `${block.label} → ${block.url}`;
    case "image":
      return block.alt || block.src;
    case "divider":
      return "";
    case "spacer":
      return `${block.height}px`;
    case "columns":
      return `${block.columns.length} columns`;
    case "repeat":
      return `each ${block.as} in ${block.path}`;
    case "conditional":
      return `if ${block.condition}`;
    case "partial":
      return "shared partial";
  }
}
