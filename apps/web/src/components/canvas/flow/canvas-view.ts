// Viewport constants shared by the pane and the moves that pan it.

/** Rough size of a node card, to centre a dropped or added node on a point. */
export const NODE_SIZE = { width: 240, height: 64 };

/**
 * Fit-view margins in pixels: room on the right for the minimap (bottom-right, 160 px wide)
 * and on top for the canvas tools, so a fitted journey never sits under either.
 */
export const FIT_VIEW_OPTIONS = {
  padding: { top: "64px", right: "200px", bottom: "40px", left: "64px" },
  maxZoom: 1,
} as const;

/** The minimap's size; MiniMap sizes its SVG from `style.width/height`. */
export const MINIMAP_SIZE = { width: 160, height: 110 };
/** The pane's bottom-right corner the minimap covers (its size plus React Flow's 15 px margin). */
export const MINIMAP_CORNER = { width: MINIMAP_SIZE.width + 15, height: MINIMAP_SIZE.height + 15 };
