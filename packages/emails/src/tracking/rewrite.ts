// Click and open tracking applied to rendered HTML: every http(s) `href` on an anchor becomes
// a signed `/t/c/<token>` redirect, and a 1×1 pixel goes before `</body>`. Links to our own
// public URL (the unsubscribe footer) stay as they are so unsubscribing never counts as a click,
// and links `isTrackable` refuses (a host nobody approved, see links.ts) are sent untracked.

const ANCHOR_HREF = /(<a\b[^>]*?\bhref=)(["'])(.*?)\2/gi;

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

export function rewriteLinks(
  html: string,
  options: { trackUrl: (url: string) => string; skipPrefix?: string; isTrackable?: (url: string) => boolean },
): string {
  return html.replace(ANCHOR_HREF, (whole, start: string, _quote: string, raw: string) => {
    const url = decodeAttribute(raw).trim();
    if (!/^https?:\/\//i.test(url)) return whole;
    if (options.skipPrefix && url.startsWith(options.skipPrefix)) return whole;
    if (options.isTrackable && !options.isTrackable(url)) return whole;
    return `${start}"${escapeAttribute(options.trackUrl(url))}"`;
  });
}

export function addOpenPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  const closing = html.search(/<\/body>/i);
  return closing === -1 ? html + pixel : html.slice(0, closing) + pixel + html.slice(closing);
}
