// A stencil is the HTML React renders for one element, cut at the places contact data goes.
// It is made once by rendering the element with numbered markers in those places, then
// filled per send by string concatenation, with the same escaping React applies. Markers are
// private-use characters that never appear in the static parts (styles and attributes fixed
// by the block model), so the cut is exact.
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { placeLinks, type LinkPlaces } from "./link-places";

export type Stencil = {
  /** The static HTML around the holes: one more part than holes. */
  parts: string[];
  /** Which value goes in each hole, in document order (attributes render in React's order, not ours). */
  order: number[];
} & LinkPlaces;

const OPEN = "\uE0F0";
const CLOSE = "\uE0F1";
const MARKER = /\uE0F0(\d+)\uE0F1/g;
const START = `${OPEN}start${CLOSE}`;
const END = `${OPEN}end${CLOSE}`;

/** The marker for value `index`; render the element with these where values go. */
export function hole(index: number): string {
  return `${OPEN}${index}${CLOSE}`;
}

/** React's HTML escaping for text and attribute values (react-dom's escapeTextForBrowser). */
const REACT_ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" };
export function escapeLikeReact(value: string): string {
  return value.replace(/["&'<>]/g, (ch) => REACT_ESCAPES[ch] as string);
}

/**
 * Renders `element` through react-email (the same renderer as `renderEmail`) and cuts it at
 * its holes. `holes` is how many values it takes; every hole must appear exactly once.
 */
export async function makeStencil(element: ReactElement, holes: Holes): Promise<Stencil> {
  const document = await render(element);
  return cutStencil(document, holes);
}

/** Renders a fragment of a document: `element` between two markers, so the wrapper React adds is left out. */
export async function makeFragmentStencil(element: ReactElement, holes: Holes): Promise<Stencil> {
  const { Fragment, createElement } = await import("react");
  const document = await render(createElement(Fragment, null, START, element, END));
  const from = document.indexOf(START);
  const to = document.indexOf(END);
  if (from < 0 || to < from) throw new Error("stencil: fragment markers not found");
  let inner = document.slice(from + START.length, to);
  // Adjacent text nodes get a `<!-- -->` separator; the start/end markers are text, the element's edges are not.
  inner = inner.replace(/^<!-- -->/, "").replace(/<!-- -->$/, "");
  return cutStencil(inner, holes);
}

/** `holes`: how many values (0..n-1), or exactly which value indices appear. */
type Holes = number | readonly number[];

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * `part` stored one byte per character when every character fits. The markers make the rendered
 * document a two-byte string, and V8 keeps a slice of it two-byte: every email filled from the
 * parts would then be two-byte too — twice the bytes for each regex, parse and copy after it
 * (the plain-text pass, the tracking rewrite, the driver's write). Latin-1 round-trips exactly.
 */
function compactPart(part: string): string {
  return isLatin1(part) ? Buffer.from(part, "latin1").toString("latin1") : part;
}

function cutStencil(html: string, holes: Holes): Stencil {
  const parts: string[] = [];
  const order: number[] = [];
  let last = 0;
  for (const match of html.matchAll(MARKER)) {
    parts.push(compactPart(html.slice(last, match.index)));
    order.push(Number(match[1]));
    last = match.index + match[0].length;
  }
  parts.push(compactPart(html.slice(last)));
  const expected = typeof holes === "number" ? Array.from({ length: holes }, (_, index) => index) : [...holes];
  const seen = [...order].sort((a, b) => a - b);
  if (seen.join() !== expected.sort((a, b) => a - b).join())
    throw new Error(`stencil: expected holes [${expected.join(", ")}] once each, found [${order.join(", ")}]`);
  return { parts, order, ...placeLinks(html, MARKER) };
}
