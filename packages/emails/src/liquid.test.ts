import { describe, expect, it } from "vitest";
import {
  checkLiquidSyntax,
  extractSlots,
  expandSlots,
  findLiquidVariables,
  LiquidTemplateError,
  renderLiquid,
} from "./liquid";

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("renderLiquid", () => {
  const scope = { first_name: "Ada", contact: { first_name: "Ada", bio: "<script>alert(1)</script>" } };

  it("personalizes and falls back with default", () => {
    expect(renderLiquid("Hi {{ contact.first_name }}", scope)).toBe("Hi Ada");
    expect(renderLiquid('Hi {{ last_name | default: "there" }}', scope)).toBe("Hi there");
    expect(renderLiquid("Hi {{ missing.deep.path }}!", scope)).toBe("Hi !");
  });

  it("escapes outputs in html mode and leaves them plain in text mode", () => {
    expect(renderLiquid("{{ contact.bio }}", scope, { mode: "html" })).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(renderLiquid("{{ contact.bio }}", scope, { mode: "text" })).toBe("<script>alert(1)</script>");
  });

  it("only reads own properties of the context", () => {
    expect(renderLiquid("[{{ contact.constructor }}][{{ contact.toString }}][{{ contact.__proto__ }}]", scope)).toBe(
      "[][][]",
    );
  });

  it("refuses to load other templates from disk", () => {
    for (const tag of ["{% include 'package.json' %}", "{% render '/etc/passwd' %}", "{% layout 'x' %}"]) {
      const error = thrown(() => renderLiquid(`Hello\n${tag}`, {}, { field: "body" }));
      expect(error).toBeInstanceOf(LiquidTemplateError);
      expect((error as Error).message).toMatch(
        /^Body has a Liquid error on line 2: "(include|render|layout)" is not supported/,
      );
    }
  });

  it("names the field and line of a syntax error", () => {
    const error = thrown(() =>
      renderLiquid("Hello\n\n{% iff x %}yes{% endif %}", {}, { field: "body" }),
    ) as LiquidTemplateError;
    expect(error).toBeInstanceOf(LiquidTemplateError);
    expect(error.field).toBe("body");
    expect(error.line).toBe(3);
    expect(error.message).toBe('Body has a Liquid error on line 3: tag "iff" not found');

    const subject = thrown(() => renderLiquid("Hi {{ first_name ", {}, { field: "subject" })) as LiquidTemplateError;
    expect(subject.message).toMatch(/^Subject has a Liquid error on line 1: output "\{\{ first_name " not closed/);
  });

  it("rejects unknown filters instead of silently ignoring them", () => {
    expect(() => renderLiquid("{{ x | shout }}", {}, { field: "preheader" })).toThrow(
      "Preheader has a Liquid error on line 1: undefined filter: shout",
    );
  });

  it("stops runaway loops", () => {
    expect(() => renderLiquid("{% for i in (1..100000000) %}{{ i }}{% endfor %}", {})).toThrow(LiquidTemplateError);
  });

  it("checks syntax without rendering", () => {
    expect(() => checkLiquidSyntax("{{ a }}", "subject")).not.toThrow();
    expect(() => checkLiquidSyntax("{% if a %}", "body")).toThrow(
      /Body has a Liquid error on line 1: tag \{% if a %\} not closed/,
    );
  });
});

describe("slots", () => {
  it("keeps contact values apart from the author's text", () => {
    const slotted = renderLiquid("[{{ a }}]({{ b }})", { a: "x](y", b: "https://a.test/\n\nz" }, { mode: "slots" });
    const { text, values } = extractSlots(slotted);
    expect(text).toBe("[\uE0000\uE001](\uE0001\uE001)");
    expect(values).toEqual(["x](y", "https://a.test/\n\nz"]);
    expect(expandSlots(text, values)).toBe("[x](y](https://a.test/\n\nz)");
  });

  it("does not nest slots for captured values", () => {
    const slotted = renderLiquid(
      "{% capture c %}<{{ a }}>{% endcapture %}{{ c | upcase }}",
      { a: "x" },
      { mode: "slots" },
    );
    expect(extractSlots(slotted)).toEqual({ text: "\uE0000\uE001", values: ["<X>"] });
  });
});

describe("findLiquidVariables", () => {
  it("lists the context paths a template reads, without locals", () => {
    const source = `Hi {{ first_name | default: contact.nickname }}
{% for item in event.properties.items %}{{ item.name }}{% endfor %}
{% assign plan = contact.plan | upcase %}{{ plan }} {{ journey.name }} {{ contact.plan }}`;
    expect(findLiquidVariables(source)).toEqual([
      "contact.nickname",
      "contact.plan",
      "event.properties.items",
      "first_name",
      "journey.name",
    ]);
  });

  it("reports syntax errors like rendering does", () => {
    expect(() => findLiquidVariables("{{ a", "subject")).toThrow(/^Subject has a Liquid error on line 1/);
  });
});
