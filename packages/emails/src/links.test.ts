import { describe, expect, it } from "vitest";
import type { Block } from "./blocks";
import { checkUrlSource, findLiteralLinkHosts, findUnsafeLinks, isApprovedLinkHost } from "./links";

describe("checkUrlSource", () => {
  it("accepts http, https, mailto and URLs that start with Liquid output", () => {
    for (const url of [
      "https://shop.test/?c={{ event.properties.coupon }}",
      "HTTP://shop.test",
      "mailto:help@shop.test",
      "{{ contact.website }}",
      "{% if contact.vip %}https://vip.test{% else %}https://shop.test{% endif %}",
      "",
    ]) {
      expect(checkUrlSource(url), url).toBeNull();
    }
  });

  it("refuses other schemes however they are spelled, and URLs without a scheme", () => {
    for (const url of [
      "javascript:alert(1)",
      "  JavaScript:alert(1)",
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "{% if contact.vip %}javascript:alert(1){% endif %}",
      "{% if x %}https://a.test{% else %}javascript:alert(1){% endif %}",
    ]) {
      expect(checkUrlSource(url), url).toMatch(/only use http, https, mailto, not \w+:/);
    }
    expect(checkUrlSource("www.shop.test")).toMatch(/must start with http:\/\/, https:\/\/, mailto:/);
  });
});

describe("findUnsafeLinks", () => {
  it("names every block with a refused href, inside columns, repeats and conditionals too", () => {
    const blocks: Block[] = [
      { type: "button", id: "ok", label: "Go", url: "https://shop.test" },
      { type: "button", id: "cta", label: "Go", url: "javascript:alert(1)" },
      {
        type: "columns",
        id: "cols",
        columns: [[{ type: "image", id: "logo", src: "data:image/png;base64,AAAA", alt: "" }], []],
      },
      {
        type: "conditional",
        id: "if",
        condition: "contact.vip",
        blocks: [{ type: "text", id: "note", text: "See [this](javascript:alert(1)) and [that](https://ok.test)." }],
      },
      { type: "image", id: "pic", src: "https://cdn.test/a.png", alt: "", href: "vbscript:x" },
    ];
    const problems = findUnsafeLinks({ blocks });
    expect(problems.map((p) => p.blockId)).toEqual(["cta", "logo", "note", "pic"]);
    expect(problems[0]?.message).toBe(
      'Button block "cta" link URL: links may only use http, https, mailto, not javascript:',
    );
    expect(problems[1]?.message).toMatch(/^Image block "logo" image URL: links may only use http, https, not data:/);
  });

  it("checks the markdown links of a plain body", () => {
    expect(findUnsafeLinks({ body: "Hi\n\n[Click](javascript:alert(1))" })).toEqual([
      { blockId: null, message: "Body: links may only use http, https, mailto, not javascript:" },
    ]);
    expect(findUnsafeLinks({ body: "[Shop]({{ event.properties.url }})\n\nhttps://ok.test" })).toEqual([]);
  });
});

describe("findLiteralLinkHosts", () => {
  it("collects hosts the author typed, never a host that runs into Liquid", () => {
    const blocks: Block[] = [
      { type: "button", id: "a", label: "A", url: "https://Shop.Test/cart?x={{ contact.id }}" },
      { type: "button", id: "b", label: "B", url: "https://{{ contact.sub }}.evil.test/" },
      { type: "button", id: "c", label: "C", url: "https://prefix.test{{ contact.rest }}" },
      { type: "button", id: "d", label: "D", url: "{{ contact.website }}" },
      { type: "image", id: "e", src: "https://cdn.test:8443/a.png", alt: "" },
      { type: "text", id: "f", text: "Read [the docs](https://docs.test) or https://blog.test." },
    ];
    expect([...findLiteralLinkHosts({ blocks })].sort()).toEqual(["blog.test", "cdn.test", "docs.test", "shop.test"]);
  });
});

describe("isApprovedLinkHost", () => {
  const policy = {
    literalHosts: new Set(["shop.test"]),
    linkDomains: ["partner.test", "*.brand.test"],
    publicUrl: "https://ms.test",
  };
  it("approves literal hosts, listed domains, subdomains of a wildcard and the public host", () => {
    for (const url of [
      "https://shop.test/x",
      "http://partner.test",
      "https://a.b.brand.test/p",
      "https://ms.test/anything",
    ]) {
      expect(isApprovedLinkHost(url, policy), url).toBe(true);
    }
  });
  it("refuses other hosts, look-alikes and non-web URLs", () => {
    for (const url of [
      "https://evil.test/",
      "https://brand.test/",
      "https://evilbrand.test/",
      "https://shop.test.evil.test/",
      "https://shop.test@evil.test/",
      "mailto:a@shop.test",
      "not a url",
    ]) {
      expect(isApprovedLinkHost(url, policy), url).toBe(false);
    }
  });
});
