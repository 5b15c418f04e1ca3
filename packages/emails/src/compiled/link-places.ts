// Where a stencil's links are, found once when it is cut (stencil.ts), so that click tracking
// per email swaps the hrefs it was told of instead of reading the whole email again
// (tracking/rewrite.ts, rewritePlacedLinks). What ANCHOR_HREF matches in the stencil with its
// markers is what it matches in any email filled from it, because every value is escaped
// (no quote, no `<`, no `>`) — as long as an href value holds no line break, which the tracking
// checks per email. Anything else (a literal href, a hole elsewhere inside an anchor's tag)
// is "not placed": emails of that template are then read whole, as before.
import { ANCHOR_HREF } from "../tracking/rewrite";

export type LinkPlaces = {
  /** Per hole in document order: its value is an anchor's whole double-quoted href. */
  hrefs: boolean[];
  /** Every anchor of the stencil is such a hole. */
  linksPlaced: boolean;
  /** The part holding the stencil's first `</body>` and where it starts there; null without one. */
  closingBody: { part: number; at: number } | null;
};

const ANCHOR_TAG = /<a\b[^>]*/gi;
const CLOSING_BODY = /<\/body>/i;

/** `marked`: the stencil's HTML with its markers; `marker`: the global pattern of one marker. */
export function placeLinks(marked: string, marker: RegExp): LinkPlaces {
  const markers = [...marked.matchAll(marker)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const hrefs = markers.map(() => false);
  const inMarker = (from: number, to: number) => markers.some((m) => m.start < to && m.end > from);
  let linksPlaced = true;
  const placedAnchors = new Set<number>();
  for (const match of marked.matchAll(ANCHOR_HREF)) {
    const [, head, quote, value] = match as unknown as [string, string, string, string];
    const valueStart = match.index + head.length + 1;
    const hole = markers.findIndex((m) => m.start === valueStart && m.end === valueStart + value.length);
    if (quote !== '"' || hole === -1 || inMarker(match.index, match.index + head.length)) {
      linksPlaced = false;
      continue;
    }
    hrefs[hole] = true;
    placedAnchors.add(match.index);
  }
  // An anchor ANCHOR_HREF does not match here could match once a value fills its tag.
  for (const tag of marked.matchAll(ANCHOR_TAG)) {
    if (!placedAnchors.has(tag.index) && inMarker(tag.index, tag.index + tag[0].length + 1)) linksPlaced = false;
  }
  return { hrefs, linksPlaced, closingBody: findClosingBody(marked, markers) };
}

function findClosingBody(
  marked: string,
  markers: ReadonlyArray<{ start: number; end: number }>,
): LinkPlaces["closingBody"] {
  const index = marked.search(CLOSING_BODY);
  if (index === -1) return null;
  const part = markers.filter((m) => m.start < index).length;
  return { part, at: index - (part === 0 ? 0 : (markers[part - 1] as { end: number }).end) };
}
