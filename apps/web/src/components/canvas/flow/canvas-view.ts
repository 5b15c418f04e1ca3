// Viewport constants shared by the pane and the moves that pan it.

/** Rough size of a node card, to centre a dropped or added node on a point. */
export const NODE_SIZE = { width: 240, height: 64 };

export const FIT_VIEW_OPTIONS = { padding: 0.3, maxZoom: 1 };
