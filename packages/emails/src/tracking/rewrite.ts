// Click and open tracking applied to rendered HTML: every http(s) `href` on an anchor becomes
// a signed `/t/c/<token>` redirect, and a 1×1 pixel goes before `</body>`. Links to our own
// public URL (the unsubscribe footer) stay as they are so unsubscribing never counts as a click,
// and links `isTrackable` refuses (a host nobody approved, see links.ts) are sent untracked.
//
// Two ways to find the anchors, one rule for each: `rewriteLinks` reads the whole HTML with
// ANCHOR_HREF; a compiled template knows where its hrefs land (compiled/link-places.ts) and
// `rewritePlacedLinks` only swaps those — byte for byte what `rewriteLinks` makes of the same HTML.

/** An anchor's href: the tag up to `href=`, the quote, the raw (entity-encoded) value. */
export const ANCHOR_HREF = /(<a\b[^>]*?\bhref=)(["'])(.*?)\2/gi;

// `.` in ANCHOR_HREF stops at these: an href holding one is not matched where it stands.
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&quot;": '"',
  "&#x27;": "'",
  "&#39;": "'",
  "&lt;": "<",
  "&gt;": ">",
};

function decodeAttribute(value: string): string {
  return value.replace(/&(?:amp|quot|#x27|#39|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export type LinkTracking = {
  trackUrl: (url: string) => string;
  skipPrefix?: string | undefined;
  isTrackable?: ((url: string) => boolean) | undefined;
};

/** Click tracking and the open pixel of one email. */
export type EmailTracking = LinkTracking & { pixelUrl: string };

/** The escaped tracked href for an href's raw value, or null to leave the link as it is. */
function trackedHref(raw: string, options: LinkTracking): string | null {
  const url = decodeAttribute(raw).trim();
  if (!/^https?:\/\//i.test(url)) return null;
  if (options.skipPrefix && url.startsWith(options.skipPrefix)) return null;
  if (options.isTrackable && !options.isTrackable(url)) return null;
  return escapeAttribute(options.trackUrl(url));
}

export function rewriteLinks(html: string, options: LinkTracking): string {
  return html.replace(ANCHOR_HREF, (whole, start: string, _quote: string, raw: string) => {
    const href = trackedHref(raw, options);
    return href === null ? whole : `${start}"${href}"`;
  });
}

function openPixel(pixelUrl: string): string {
  return `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
}

export function addOpenPixel(html: string, pixelUrl: string): string {
  const closing = html.search(/<\/body>/i);
  const pixel = openPixel(pixelUrl);
  return closing === -1 ? html + pixel : html.slice(0, closing) + pixel + html.slice(closing);
}

/** Click tracking and the pixel read from the whole HTML: any email, wherever its anchors are. */
export function trackWholeHtml(html: string, tracking: EmailTracking): string {
  return addOpenPixel(rewriteLinks(html, tracking), tracking.pixelUrl);
}

/**
 * Both passes at once where the anchors are known: `hrefs` holds the [start, end) of every
 * anchor's double-quoted href value in `html`, in document order (every match ANCHOR_HREF would
 * find, and no other), `pixelAt` where the first `</body>` starts. Null when a value holds a line
 * break: ANCHOR_HREF does not match such an href where it stands, so only rewriteLinks can say
 * what it makes of it.
 */
export function rewritePlacedLinks(
  html: string,
  hrefs: readonly number[],
  pixelAt: number,
  options: EmailTracking,
): string | null {
  let out = "";
  let last = 0;
  for (let i = 0; i < hrefs.length; i += 2) {
    const start = hrefs[i] as number;
    const end = hrefs[i + 1] as number;
    const raw = html.slice(start, end);
    if (LINE_TERMINATOR.test(raw)) return null;
    const href = trackedHref(raw, options);
    if (href === null) continue;
    out += html.slice(last, start) + href;
    last = end;
  }
  if (pixelAt < last) throw new Error("rewritePlacedLinks: the pixel's place is before a link");
  return out + html.slice(last, pixelAt) + openPixel(options.pixelUrl) + html.slice(pixelAt);
}
