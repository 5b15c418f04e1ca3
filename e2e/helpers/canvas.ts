// Moves a person makes on the journey canvas, done with real mouse input: drag a step
// from the palette (HTML5 drag and drop), drag between handles to connect two steps.
import { expect, type Locator, type Page } from "@playwright/test";

export type NodeKind = "trigger" | "wait" | "email" | "branch" | "split" | "webhook" | "update_contact" | "exit";

export interface CanvasPoint {
  /** Pixels from the left edge of the canvas pane. */
  x: number;
  /** Pixels from the top edge of the canvas pane. */
  y: number;
}

export function canvasPane(page: Page): Locator {
  return page.locator(".react-flow__pane");
}

export function canvasNode(page: Page, nodeId: string): Locator {
  return page.locator(`.react-flow__node[data-id="${nodeId}"]`);
}

export function canvasEdge(page: Page, sourceNodeId: string, targetNodeId: string): Locator {
  return page.locator(`.react-flow__edge[aria-label="Edge from ${sourceNodeId} to ${targetNodeId}"]`);
}

async function nodeIds(page: Page): Promise<string[]> {
  return page.locator(".react-flow__node").evaluateAll((els) => els.map((el) => el.getAttribute("data-id") ?? ""));
}

async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`Cannot find ${String(locator)} on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The centre of the canvas pane, in pane coordinates. */
export async function canvasCenter(page: Page): Promise<CanvasPoint> {
  const box = await canvasPane(page).boundingBox();
  if (!box) throw new Error("The journey canvas is not on screen");
  return { x: box.width / 2, y: box.height / 2 };
}

/**
 * Drags the palette item for `kind` onto the canvas and drops it at `position` (relative
 * to the pane). Returns the id of the node that appeared.
 */
export async function dragNodeFromPalette(page: Page, kind: NodeKind, position: CanvasPoint): Promise<string> {
  const before = new Set(await nodeIds(page));
  const pane = await canvasPane(page).boundingBox();
  if (!pane) throw new Error("The journey canvas is not on screen");
  const from = await centerOf(page.getByTestId(`palette-${kind}`));
  const to = { x: pane.x + position.x, y: pane.y + position.y };

  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  // Several moves: Chromium starts an HTML5 drag only after the pointer travels a little.
  await page.mouse.move(from.x + 20, from.y, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.move(to.x + 1, to.y + 1);
  await page.mouse.up();

  let added: string[] = [];
  await expect
    .poll(
      async () => {
        added = (await nodeIds(page)).filter((id) => !before.has(id));
        return added.length;
      },
      { message: `a ${kind} node should appear after dropping it on the canvas` },
    )
    .toBe(1);
  const nodeId = added[0] as string;
  await expect(canvasNode(page, nodeId)).toHaveAttribute("class", new RegExp(`react-flow__node-${kind}`));
  return nodeId;
}

/**
 * Drags from the source node's outlet handle to the target node's inlet handle. `outlet`
 * names the handle on a node with several (`yes`, `timed_out`, a split variant id).
 */
export async function connectHandles(
  page: Page,
  sourceNodeId: string,
  targetNodeId: string,
  options: { outlet?: string } = {},
): Promise<void> {
  const handle = options.outlet
    ? `.react-flow__handle.source[data-handleid="${options.outlet}"]`
    : ".react-flow__handle.source";
  const from = await centerOf(canvasNode(page, sourceNodeId).locator(handle));
  const to = await centerOf(canvasNode(page, targetNodeId).locator(".react-flow__handle.target"));

  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();

  await expect(canvasEdge(page, sourceNodeId, targetNodeId), "the two steps should be connected").toHaveCount(1);
}

/** Drags a node by its card to a point on the pane (e.g. to make room below it). */
export async function moveNode(page: Page, nodeId: string, position: CanvasPoint): Promise<void> {
  const pane = await canvasPane(page).boundingBox();
  if (!pane) throw new Error("The journey canvas is not on screen");
  const from = await centerOf(canvasNode(page, nodeId));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(pane.x + position.x, pane.y + position.y, { steps: 10 });
  await page.mouse.up();
}

/** Zooms the canvas out with its own control, `times` steps. */
export async function zoomOut(page: Page, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await page.locator(".react-flow__controls-zoomout").click();
}
