// The compiled renderer against renderEmail, byte for byte: every block kind and attribute,
// containers both ways, hostile and missing values, preheader lengths around the 150 cut,
// the footer with and without an unsubscribe link, and the same errors for broken input.
import { describe, expect, it } from "vitest";
import type { Block } from "../blocks";
import { renderEmail, type RenderContext, type RenderEmailInput } from "../render";
import { trackWholeHtml, type EmailTracking } from "../tracking/rewrite";
import { compileTemplate } from "./compile";
import { renderCompiled } from "./render-compiled";

type Template = RenderEmailInput["template"];

const PARTIAL_ID = "00000000-0000-4000-8000-0000000000aa";
const partials = new Map<string, Block[]>([
  [
    PARTIAL_ID,
    [
      { type: "text", id: "f", text: "Footer of {{ workspace.name | default: 'us' }} — [prefs](https://shop.test/p)" },
      { type: "divider", id: "d" },
    ],
  ],
]);

/** Every block kind, every alignment, Liquid in every field, containers nested. */
const EVERY_BLOCK: Block[] = [
  { type: "heading", id: "h1", level: 1, text: "Hi {{ contact.first_name | default: 'there' }}" },
  { type: "heading", id: "h2", level: 2, align: "center", text: "Static heading" },
  { type: "heading", id: "h3", level: 3, align: "right", text: "{{ contact.nick }}" },
  {
    type: "text",
    id: "t1",
    text: "Hello **{{ contact.first_name | default: 'x' }}**, *{{ contact.plan | default: 'free' }}*\nline two {{ contact.nick }}\n\n[Open {{ contact.nick | default: 'app' }}](https://app.test/?u={{ contact.userId | url_encode }})\n\n{{ contact.site }}",
  },
  { type: "text", id: "t2", align: "center", text: "Plain *static* text with a [link](https://static.test/a?b=1&c=2)" },
  {
    type: "text",
    id: "t3",
    align: "right",
    text: "{% if contact.vip %}VIP **{{ contact.first_name }}**\n\nsecond{% endif %}",
  },
  {
    type: "button",
    id: "b1",
    label: "Go {{ contact.first_name | default: 'now' }}",
    url: "https://shop.test/{{ contact.userId }}",
  },
  { type: "button", id: "b2", align: "center", color: "#ff0000", label: "Static", url: "https://static.test" },
  { type: "button", id: "b3", align: "right", label: "Maybe", url: "{{ contact.site }}" },
  {
    type: "image",
    id: "i1",
    src: "https://cdn.test/{{ contact.plan | default: 'free' }}.png",
    alt: "{{ contact.first_name }}",
  },
  { type: "image", id: "i2", src: "https://cdn.test/a.png", alt: "Static", width: 120, href: "https://static.test" },
  { type: "image", id: "i3", src: "{{ contact.avatar }}", alt: "x", width: 64, href: "{{ contact.site }}" },
  { type: "divider", id: "d1" },
  { type: "spacer", id: "s1", height: 24 },
  {
    type: "columns",
    id: "c2",
    columns: [
      [{ type: "text", id: "ct", text: "Left {{ contact.first_name }}" }],
      [
        { type: "image", id: "ci", src: "https://cdn.test/r.png", alt: "" },
        { type: "spacer", id: "cs", height: 8 },
      ],
    ],
  },
  {
    type: "columns",
    id: "c3",
    columns: [[{ type: "heading", id: "x", level: 3, text: "A" }], [], [{ type: "divider", id: "y" }]],
  },
  {
    type: "repeat",
    id: "r1",
    path: "event.properties.items",
    as: "item",
    limit: 3,
    blocks: [
      {
        type: "text",
        id: "line",
        text: "{{ forloop.index }}/{{ forloop.length }} [{{ item.name }}]({{ item.url }}){% if forloop.last %} (last){% endif %} {{ forloop.rindex }}",
      },
      {
        type: "conditional",
        id: "rc",
        condition: "item.price > 50",
        blocks: [{ type: "text", id: "p", text: "Pricey: {{ item.price }}" }],
      },
      { type: "button", id: "rb", label: "Buy", url: "{{ item.url }}" },
    ],
  },
  {
    type: "repeat",
    id: "r2",
    path: "contact.tags",
    as: "tag",
    blocks: [{ type: "heading", id: "tg", level: 3, text: "{{ tag }}" }],
  },
  {
    type: "conditional",
    id: "k1",
    condition: 'contact.plan == "pro"',
    blocks: [
      { type: "text", id: "kt", text: "Pro perk for {{ contact.first_name }}" },
      { type: "divider", id: "kd" },
    ],
  },
  {
    type: "conditional",
    id: "k2",
    condition: "contact.vip",
    blocks: [{ type: "heading", id: "kh", level: 2, text: "VIP" }],
  },
  { type: "partial", id: "part", partialId: PARTIAL_ID },
];

const ITEMS = [
  { name: "Lamp <b>", price: 30, url: "https://shop.test/lamp?a=1&b='2'" },
  { name: 'Desk "oak"', price: 120, url: "javascript:alert(1)" },
  { name: "Chair ✓", price: 75, url: "https://shop.test/chair" },
  { name: "Beyond the limit", price: 1, url: "https://shop.test/x" },
];

function contextWith(contact: Record<string, unknown>, event: Record<string, unknown> = {}): RenderContext {
  return {
    contact: { email: "ada@example.test", userId: "u-1", ...contact },
    event: { name: "ordered", ...event, properties: event },
    journey: { id: "j1", name: "Journey <1>" },
    workspace: { name: "Acme & Co" },
  };
}

const HOSTILE = [
  '<script>alert("x")</script>',
  "' onmouseover='x' \" & < >",
  "{{ contact.email }} {% if true %}liquid{% endif %}",
  "[win](https://evil.test) **bold** *it*\n\nnew paragraph",
  "https://evil.test/bare",
  "javascript:alert(1)",
  "Zoë 😀 مرحبا \u200b\u200d \uE000slot\uE001 \uE0F00\uE0F1 \u0000nul",
  "   ",
  "",
];

/** URLs at the edges of the tracking rule: entities, case, spaces, line breaks, other schemes. */
const LINK_EDGES = [
  "https://edge.test/a?x=1&y='2'",
  "HTTPS://Upper.TEST/Path",
  "  https://spaced.test/  ",
  "https://broken.test/a\nb",
  "https://broken.test/c\r\nd",
  "https://sep.test/\u2028e",
  "mailto:ada@example.test",
  "https://ms.test/unsubscribe/other",
  "ftp://old.test/f",
];

const CONTEXTS: Array<[string, RenderContext]> = [
  [
    "typical",
    contextWith(
      {
        first_name: "Ada",
        plan: "pro",
        nick: "ada",
        site: "https://ada.test",
        avatar: "https://cdn.test/ada.png",
        tags: ["a", "b"],
        vip: true,
      },
      { items: ITEMS },
    ),
  ],
  ["empty contact", contextWith({}, {})],
  ["items not an array", contextWith({ first_name: "Bo", tags: "not-an-array" }, { items: { name: "obj" } })],
  ...LINK_EDGES.map((site, index): [string, RenderContext] => [
    `link edge ${index}`,
    contextWith(
      { first_name: "Ada", nick: site, site, avatar: site, tags: ["a"], vip: true, userId: site },
      { items: [{ name: "edge", price: 60, url: site }] },
    ),
  ]),
  ...HOSTILE.map((value, index): [string, RenderContext] => [
    `hostile ${index}`,
    contextWith(
      { first_name: value, plan: value, nick: value, site: value, avatar: value, tags: [value, value], vip: value },
      { items: [{ name: value, price: value, url: value }] },
    ),
  ]),
];

/** Tracking as a send sets it up, with every decision exercised: skipped, refused, escaped. */
const TRACKING: EmailTracking = {
  // The URL in full (a wrong link shows), and characters the attribute must escape.
  trackUrl: (url) => `https://ms.test/t/c/${encodeURIComponent(url)}?q="<&>'`,
  skipPrefix: "https://ms.test/unsubscribe/",
  isTrackable: (url) => !/evil\.test|static\.test\/a|upper\.test/i.test(url),
  pixelUrl: "https://ms.test/t/o/tok?a=1&b=2",
};

async function expectSame(template: Template, context: RenderContext, unsubscribeUrl?: string) {
  const input = { template, context, partials, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
  const expected = await renderEmail(input).then(
    (email) => ({ ok: true as const, email }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  let actual;
  try {
    const compiled = await compileTemplate({ ...template, partials });
    actual = { ok: true as const, compiled, email: renderCompiled(compiled, { context, unsubscribeUrl }) };
  } catch (error) {
    actual = { ok: false as const, error };
  }
  if (expected.ok && actual.ok) {
    expect(actual.email.subject).toBe(expected.email.subject);
    expect(actual.email.html).toBe(expected.email.html);
    expect(actual.email.text).toBe(expected.email.text);
    // With tracking: the hrefs swapped where the render placed them, as reading the whole email would.
    expect(actual.compiled.linksPlaced).toBe(true);
    const tracked = renderCompiled(actual.compiled, { context, unsubscribeUrl, tracking: TRACKING });
    expect(tracked.html).toBe(trackWholeHtml(expected.email.html, TRACKING));
    expect(tracked.text).toBe(expected.email.text);
  } else {
    expect({ ok: actual.ok }).toEqual({ ok: expected.ok });
    const describe = (error: unknown) =>
      error instanceof Error
        ? { name: error.name, message: error.message, blockId: (error as { blockId?: unknown }).blockId }
        : error;
    expect(describe(actual.ok ? null : actual.error)).toEqual(describe(expected.ok ? null : expected.error));
  }
  return expected;
}

describe("renderCompiled is byte-identical to renderEmail", () => {
  const blockTemplate: Template = {
    subject: "Order for {{ contact.first_name | default: 'you' }}",
    preheader: "{{ contact.nick | default: 'Your order' }} & more",
    body: "",
    blocks: EVERY_BLOCK,
  };

  it.each(CONTEXTS)("every block kind — %s", async (name, context) => {
    const rendered = await expectSame(blockTemplate, context, "https://ms.test/unsubscribe/tok?a=1&b=2");
    await expectSame(blockTemplate, context);
    // Blank values are missing values (a skip); every other context renders the whole document.
    expect(rendered.ok).toBe(!["empty contact", "items not an array", "hostile 7", "hostile 8"].includes(name));
  });

  it.each(CONTEXTS)("a plain-body template — %s", async (_name, context) => {
    const legacy: Template = {
      subject: "Hi {{ contact.first_name | default: 'there' }}",
      preheader: "{{ contact.nick }}",
      body: "Hi {{ contact.first_name | default: 'there' }},\n\nLine one\nline {{ contact.nick }}\n\n[Shop](https://shop.test/?u={{ contact.userId }})\n\n{{ contact.site }}\n\n[bad](javascript:x)\n\n{% if contact.vip %}VIP{% endif %}",
    };
    await expectSame(legacy, context, "https://ms.test/u");
    await expectSame(legacy, context);
  });

  it("preheaders around react-email's 150-character cut, emoji split included", async () => {
    const context = contextWith({ first_name: "Ada" });
    for (const preheader of [
      "x",
      "y".repeat(149),
      "y".repeat(150),
      "y".repeat(151),
      `${"y".repeat(149)}😀tail`,
      "😀".repeat(80),
    ]) {
      await expectSame({ subject: "S", preheader, body: "", blocks: [{ type: "divider", id: "d" }] }, context);
      await expectSame({ subject: "S", preheader, body: "p" }, context, "https://ms.test/u");
    }
  });

  it("the same errors: missing required values, broken Liquid, a missing partial, an empty subject", async () => {
    const context = contextWith({ first_name: "" });
    const cases: Template[] = [
      { subject: "Hi {{ contact.first_name }}", body: "x" },
      { subject: "S", body: "", blocks: [{ type: "text", id: "t", text: "Hi {{ contact.first_name }}" }] },
      { subject: "S", body: "", blocks: [], requiredVariables: ["contact.plan"] },
      { subject: "S", body: "", blocks: [{ type: "text", id: "t", text: "{% iff x %}" }] },
      {
        subject: "S",
        body: "",
        blocks: [
          {
            type: "repeat",
            id: "r",
            path: "event.a",
            as: "i",
            blocks: [{ type: "heading", id: "h", level: 1, text: "{{ i | nofilter }}" }],
          },
        ],
      },
      {
        subject: "S",
        body: "",
        blocks: [{ type: "partial", id: "p", partialId: "00000000-0000-4000-8000-0000000000bb" }],
      },
      { subject: "{{ contact.first_name | default: '' }}", body: "x" },
      { subject: "S", preheader: "{% broken", body: "x" },
    ];
    for (const template of cases) {
      const result = await expectSame(template, { ...context, event: { ...context.event, a: [1] } });
      expect(result.ok, JSON.stringify(template)).toBe(false);
    }
  });
});
