import { describe, expect, it } from "vitest";
import type { Block } from "./blocks";
import { ZBlockSchema } from "./blocks";
import { MissingVariableError, TemplateRenderError } from "./liquid";
import { renderEmail, type RenderContext } from "./render";

const context: RenderContext = {
  contact: { first_name: "Ada", email: "ada@example.test", userId: "u-1", plan: "pro" },
  event: {
    name: "added_to_cart",
    properties: {
      items: [
        { name: "Lamp", price: 30, url: "https://shop.test/lamp" },
        { name: "Desk", price: 120, url: "https://shop.test/desk" },
      ],
      coupon: "SAVE10",
    },
  },
  journey: { id: "j1", name: "Cart" },
  workspace: { name: "Acme Test" },
};

async function render(blocks: Block[], ctx: RenderContext = context, subject = "Hello") {
  return renderEmail({ template: { subject, body: "", blocks }, context: ctx });
}

describe("block rendering", () => {
  it("heading: personalized, escaped, right level", async () => {
    const { html, text } = await render([
      { type: "heading", id: "h", level: 2, text: "Hi {{ first_name }} from {{ workspace.name }}" },
    ]);
    expect(html).toMatch(/<h2[^>]*>Hi Ada from Acme Test<\/h2>/);
    expect(text).toContain("HI ADA FROM ACME TEST");
  });

  it("text: paragraphs, line breaks, bold, italic and links", async () => {
    const { html, text } = await render([
      {
        type: "text",
        id: "t",
        text: "Hello **{{ first_name }}**,\nyour *plan*: {{ plan }}\n\n[Open app](https://app.test/?u={{ contact.userId }})",
      },
    ]);
    expect(html).toContain("<strong>Ada</strong>");
    expect(html).toContain("<em>plan</em>");
    expect(html).toContain("<br/>");
    expect(html).toContain('href="https://app.test/?u=u-1"');
    expect(text).toContain("Hello Ada,\nyour plan: pro");
    expect(text).toContain("Open app https://app.test/?u=u-1");
  });

  it("text: data is never markup — a trait with <script> or markdown stays literal", async () => {
    const evil = {
      ...context,
      contact: { ...context.contact, first_name: "<script>alert(1)</script> [x](https://evil.test) **b**" },
    };
    const { html, text } = await render([{ type: "text", id: "t", text: "Hi {{ first_name }}" }], evil);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain('href="https://evil.test"');
    expect(html).not.toContain("<strong>");
    expect(text).toContain("<script>alert(1)</script> [x](https://evil.test) **b**");
  });

  it("button: label and personalized URL; an unsafe URL drops the button", async () => {
    const ok = await render([
      {
        type: "button",
        id: "b",
        label: "Shop {{ first_name }}",
        url: "https://shop.test/?c={{ event.properties.coupon }}",
      },
    ]);
    expect(ok.html).toContain('href="https://shop.test/?c=SAVE10"');
    expect(ok.html).toContain("Shop Ada");
    expect(ok.text).toContain("Shop Ada https://shop.test/?c=SAVE10");
    const bad = await render([{ type: "button", id: "b", label: "Go", url: "javascript:alert(1)" }]);
    expect(bad.html).not.toContain("javascript:");
    expect(bad.html).not.toContain(">Go<");
  });

  it("a Liquid-produced href with another scheme is never a link: text stays plain, a button is left out", async () => {
    for (const website of ["javascript:alert(1)", " JAVA\tSCRIPT:alert(1)", "data:text/html,x", "vbscript:x"]) {
      const ctx = { ...context, contact: { ...context.contact, website } };
      const { html } = await render(
        [
          { type: "text", id: "t", text: "[My site]({{ contact.website }})\n\n{{ contact.website }}" },
          { type: "button", id: "b", label: "Visit", url: "{{ contact.website }}" },
          { type: "image", id: "i", src: "https://cdn.test/a.png", alt: "", href: "{{ contact.website }}" },
        ],
        ctx,
      );
      expect(html, website).not.toMatch(/href="(?!https?:)/i);
      expect(html, website).toContain("My site (");
      expect(html, website).not.toContain(">Visit<");
    }
  });

  it("image: src, alt, width and link", async () => {
    const { html } = await render([
      {
        type: "image",
        id: "i",
        src: "https://cdn.test/a.png",
        alt: "Logo of {{ workspace.name }}",
        width: 120,
        href: "https://acme.test",
      },
    ]);
    expect(html).toMatch(
      /<a href="https:\/\/acme.test"[^>]*><img[^>]*alt="Logo of Acme Test"[^>]*src="https:\/\/cdn.test\/a.png"[^>]*width="120"/,
    );
  });

  it("divider and spacer", async () => {
    const { html } = await render([
      { type: "divider", id: "d" },
      { type: "spacer", id: "s", height: 32 },
    ]);
    expect(html.match(/<hr/g)?.length).toBe(2); // divider + footer rule
    expect(html).toContain("height:32px");
  });

  it("columns: side by side, stacking on mobile via media query, text in order", async () => {
    const { html, text } = await render([
      {
        type: "columns",
        id: "c",
        columns: [[{ type: "text", id: "l", text: "Left" }], [{ type: "text", id: "r", text: "Right" }]],
      },
    ]);
    expect(html).toContain('class="ms-col"');
    expect(html).toContain("@media only screen and (max-width:600px)");
    expect(html).toContain("width:50%");
    expect(text.indexOf("Left")).toBeLessThan(text.indexOf("Right"));
  });

  it("repeat: one copy of its blocks per item with the alias and forloop", async () => {
    const { html, text } = await render([
      {
        type: "repeat",
        id: "r",
        path: "event.properties.items",
        as: "item",
        blocks: [
          {
            type: "text",
            id: "row",
            text: "{{ forloop.index }}. [{{ item.name }}]({{ item.url }}) — ${{ item.price }}",
          },
        ],
      },
    ]);
    expect(html).toContain('href="https://shop.test/lamp"');
    expect(text).toContain("1. Lamp https://shop.test/lamp — $30");
    expect(text).toContain("2. Desk https://shop.test/desk — $120");
  });

  it("repeat over a missing or non-array path renders nothing", async () => {
    const missing = await render([
      {
        type: "repeat",
        id: "r",
        path: "cart.items",
        as: "item",
        blocks: [{ type: "text", id: "x", text: "ITEM {{ item.name }}" }],
      },
    ]);
    expect(missing.text).not.toContain("ITEM");
    const scalar = await render([
      {
        type: "repeat",
        id: "r",
        path: "event.properties.coupon",
        as: "item",
        blocks: [{ type: "text", id: "x", text: "ITEM" }],
      },
    ]);
    expect(scalar.text).not.toContain("ITEM");
  });

  it("repeat respects its limit", async () => {
    const { text } = await render([
      {
        type: "repeat",
        id: "r",
        path: "event.properties.items",
        as: "it",
        limit: 1,
        blocks: [{ type: "text", id: "x", text: "ITEM {{ it.name }}" }],
      },
    ]);
    expect(text).toContain("ITEM Lamp");
    expect(text).not.toContain("ITEM Desk");
  });

  it("conditional: equals, exists, and/or", async () => {
    const blocks: Block[] = [
      {
        type: "conditional",
        id: "c1",
        condition: 'contact.plan == "pro"',
        blocks: [{ type: "text", id: "a", text: "PRO-ONLY" }],
      },
      {
        type: "conditional",
        id: "c2",
        condition: "contact.vip",
        blocks: [{ type: "text", id: "b", text: "VIP-ONLY" }],
      },
      {
        type: "conditional",
        id: "c3",
        condition: "event.properties.coupon and contact.first_name",
        blocks: [{ type: "text", id: "c", text: "COUPON {{ event.properties.coupon }}" }],
      },
    ];
    const { text } = await render(blocks);
    expect(text).toContain("PRO-ONLY");
    expect(text).not.toContain("VIP-ONLY");
    expect(text).toContain("COUPON SAVE10");
  });

  it("a Liquid error names the block", async () => {
    const error = await render([{ type: "text", id: "broken", text: "{% if %}" }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).blockId).toBe("broken");
    expect((error as Error).message).toMatch(/Text block "broken"/);
  });

  it("default filters fill missing values; a nested missing path without one skips the send", async () => {
    const { text } = await render([
      {
        type: "text",
        id: "t",
        text: 'Hi {{ contact.nick | default: "friend" }}{{ event.properties.nope.deeper | default: "" }}!',
      },
    ]);
    expect(text).toContain("Hi friend!");
    await expect(render([{ type: "text", id: "t", text: "Hi {{ event.properties.nope.deeper }}!" }])).rejects.toThrow(
      'missing required variable event.properties.nope.deeper (no | default: in text block "t")',
    );
  });

  it("partials are inlined; an unknown partial is a render error", async () => {
    const partialId = "00000000-0000-4000-8000-0000000000aa";
    const partials = new Map<string, Block[]>([
      [partialId, [{ type: "text", id: "f", text: "Footer of {{ workspace.name }}" }]],
    ]);
    const email = await renderEmail({
      template: { subject: "S", body: "", blocks: [{ type: "partial", id: "p", partialId }] },
      context,
      partials,
    });
    expect(email.text).toContain("Footer of Acme Test");
    await expect(render([{ type: "partial", id: "p", partialId }])).rejects.toThrow(/Partial .* does not exist/);
  });

  it("legacy plain-body templates still render when blocks are absent", async () => {
    const email = await renderEmail({ template: { subject: "S", body: "Hi {{ first_name }}", blocks: null }, context });
    expect(email.text).toContain("Hi Ada");
  });
});

describe("required variables", () => {
  it("a subject variable without default that is empty skips with the variable named", async () => {
    const noName = { ...context, contact: { email: "x@example.test" } };
    const error = await render([], noName, "Hi {{ first_name }}").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingVariableError);
    expect((error as MissingVariableError).variable).toBe("first_name");
    expect((error as Error).message).toBe("missing required variable first_name");
  });

  it("a defaulted or guarded subject variable is fine", async () => {
    const noName = { ...context, contact: { email: "x@example.test" } };
    await expect(render([], noName, 'Hi {{ first_name | default: "there" }}')).resolves.toMatchObject({
      subject: "Hi there",
    });
    await expect(render([], noName, "Hi{% if first_name %} {{ first_name }}{% endif %}")).resolves.toMatchObject({
      subject: "Hi",
    });
  });

  it("body outputs without default: checked in printed blocks only (false conditionals, empty repeats and loop locals are not)", async () => {
    const noName = { ...context, contact: { email: "x@example.test" } };
    const error = await render(
      [
        {
          type: "columns",
          id: "c",
          columns: [[], [{ type: "button", id: "b", label: "Go {{ first_name }}", url: "https://shop.test" }]],
        },
      ],
      noName,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingVariableError);
    expect(error).toMatchObject({
      variable: "first_name",
      field: "body",
      blockId: "b",
      message: 'missing required variable first_name (no | default: in button block "b")',
    });

    const hidden: Block[] = [
      {
        type: "conditional",
        id: "if",
        condition: "contact.first_name",
        blocks: [{ type: "text", id: "t", text: "Hi {{ first_name }}" }],
      },
    ];
    await expect(render(hidden, noName)).resolves.toBeTruthy();
    await expect(render(hidden)).resolves.toMatchObject({ text: expect.stringContaining("Hi Ada") });

    const loop = (items: unknown[]): RenderContext => ({ ...noName, event: { properties: { items } } });
    const repeat: Block[] = [
      {
        type: "repeat",
        id: "r",
        path: "event.properties.items",
        as: "item",
        blocks: [{ type: "text", id: "t", text: "{{ item.name }} for {{ first_name }}" }],
      },
    ];
    await expect(render(repeat, loop([]))).resolves.toBeTruthy(); // nothing printed, nothing needed
    await expect(render(repeat, loop([{ name: "Lamp" }]))).rejects.toThrow("missing required variable first_name");
    const itemOnly: Block[] = [
      {
        type: "repeat",
        id: "r",
        path: "event.properties.items",
        as: "item",
        blocks: [{ type: "text", id: "t", text: "{{ item.name }}!" }],
      },
    ];
    await expect(render(itemOnly, loop([{ price: 3 }]))).resolves.toBeTruthy(); // loop locals are per item, not required
  });

  it("partial content is checked too", async () => {
    const partialId = "00000000-0000-4000-8000-0000000000ab";
    const partials = new Map<string, Block[]>([
      [partialId, [{ type: "text", id: "f", text: "Write to {{ workspace.support_email }}" }]],
    ]);
    const template = { subject: "S", body: "", blocks: [{ type: "partial" as const, id: "p", partialId }] };
    await expect(renderEmail({ template, context, partials })).rejects.toThrow(
      'missing required variable workspace.support_email (no | default: in text block "p.f")',
    );
  });

  it("listed required variables must be non-empty", async () => {
    const template = { subject: "S", body: "", blocks: [], requiredVariables: ["event.properties.order_id"] };
    await expect(renderEmail({ template, context })).rejects.toThrow(
      "missing required variable event.properties.order_id",
    );
    const withOrder = { ...context, event: { properties: { order_id: "o-1" } } };
    await expect(renderEmail({ template, context: withOrder })).resolves.toBeTruthy();
  });
});

describe("block schema", () => {
  it("rejects bad blocks with named problems", () => {
    expect(ZBlockSchema.safeParse({ type: "columns", id: "c", columns: [[]] }).error?.issues[0]?.message).toBe(
      "Columns need 2 or 3 columns",
    );
    expect(
      ZBlockSchema.safeParse({ type: "repeat", id: "r", path: "not a path", as: "item", blocks: [] }).success,
    ).toBe(false);
    expect(
      ZBlockSchema.safeParse({ type: "repeat", id: "r", path: "cart.items", as: "contact", blocks: [] }).success,
    ).toBe(false);
    expect(ZBlockSchema.safeParse({ type: "conditional", id: "c", condition: "{{ x }}", blocks: [] }).success).toBe(
      false,
    );
    expect(ZBlockSchema.safeParse({ type: "nope", id: "x" }).success).toBe(false);
  });
});
