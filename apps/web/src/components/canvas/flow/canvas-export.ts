// Exporting the drawing as an image (React Flow's "download image" recipe): html-to-image
// renders the viewport element — nodes and edges, not the pane's dots or controls — with a
// transform that fits every node into a picture sized to the drawing at 1:1, capped.
import { getNodesBounds, getViewportForBounds, type Node } from "@xyflow/react";
import { toPng, toSvg } from "html-to-image";

export type ImageFormat = "png" | "svg";

/** Margin around the nodes, in px. */
const MARGIN = 40;
/** Largest side of the picture: big drawings are scaled down rather than made into huge files. */
const MAX_SIDE = 4096;

/** A file name from the journey's name: "Trial nurture" → "trial-nurture.png". */
export function imageFileName(journeyName: string, format: ImageFormat): string {
  const base = journeyName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "journey"}.${format}`;
}

/** The drawing as a data URL; `viewport` is React Flow's `.react-flow__viewport` element. */
export async function renderCanvasImage(
  viewport: HTMLElement,
  nodes: readonly Node[],
  format: ImageFormat,
): Promise<string> {
  const bounds = getNodesBounds([...nodes]);
  const scale = Math.min(1, MAX_SIDE / (bounds.width + 2 * MARGIN), MAX_SIDE / (bounds.height + 2 * MARGIN));
  const width = Math.max(1, Math.round((bounds.width + 2 * MARGIN) * scale));
  const height = Math.max(1, Math.round((bounds.height + 2 * MARGIN) * scale));
  const fit = getViewportForBounds(bounds, width, height, 0.05, 1, MARGIN / Math.max(width, height));
  const options = {
    backgroundColor: "#ffffff",
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.zoom})`,
    },
  };
  return format === "png" ? toPng(viewport, options) : toSvg(viewport, options);
}

/** Hands a data URL to the browser as a download. */
export function downloadDataUrl(dataUrl: string, fileName: string): void {
  const link = document.createElement("a");
  link.href = dataUrl;
  link.download = fileName;
  link.click();
}
