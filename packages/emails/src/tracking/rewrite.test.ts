import { describe, expect, it } from "vitest";
import { addOpenPixel, rewriteLinks } from "./rewrite";

const track = (url: string) => `https://ms.test/t/c/${encodeURIComponent(url)}`;

describe("rewriteLinks", () => {
  it("rewrites http(s) anchors, decoding entities, and leaves other links alone", () => {
    const html =
      '<a href="https://example.test/a?x=1&amp;y=2" style="c">A</a> <a class="b" href=\'http://example.test/b\'>B</a>' +
      '<a href="mailto:x@example.test">M</a><a href="https://ms.test/unsubscribe/tok">U</a><img src="https://example.test/i.png">';
    const out = rewriteLinks(html, { trackUrl: track, skipPrefix: "https://ms.test/" });
    expect(out).toContain(`href="${track("https://example.test/a?x=1&y=2")}" style="c"`);
    expect(out).toContain(`href="${track("http://example.test/b")}"`);
    expect(out).toContain('href="mailto:x@example.test"');
    expect(out).toContain('href="https://ms.test/unsubscribe/tok"');
    expect(out).toContain('<img src="https://example.test/i.png">');
  });
});

describe("addOpenPixel", () => {
  it("puts a 1x1 image before </body>, or at the end without one", () => {
    expect(addOpenPixel("<html><body><p>x</p></body></html>", "https://ms.test/t/o/t")).toMatch(
      /<p>x<\/p><img src="https:\/\/ms\.test\/t\/o\/t" width="1" height="1" alt=""[^>]*\/><\/body>/,
    );
    expect(addOpenPixel("<p>x</p>", "https://ms.test/p")).toMatch(/^<p>x<\/p><img /);
  });
});
