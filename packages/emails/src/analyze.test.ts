import { describe, expect, it } from "vitest";
import { findTemplateVariables, findUnknownVariables } from "./analyze";
import { findOutputsWithoutDefault, findUnguardedVariables } from "./required";

describe("findTemplateVariables", () => {
  it("collects variables per field and block, leaving loop locals out", () => {
    const uses = findTemplateVariables({
      subject: "Hi {{ first_name }}",
      preheader: "",
      body: "",
      blocks: [
        { type: "heading", id: "h", level: 1, text: "{{ workspace.name }}" },
        {
          type: "repeat",
          id: "r",
          path: "event.properties.items",
          as: "item",
          blocks: [{ type: "text", id: "t", text: "{{ forloop.index }} {{ item.name }} {{ contact.plan }}" }],
        },
        { type: "conditional", id: "c", condition: 'contact.vip == "yes"', blocks: [] },
      ],
    });
    expect(uses).toEqual([
      { path: "first_name", field: "subject", blockId: null },
      { path: "workspace.name", field: "body", blockId: "h" },
      { path: "event.properties.items", field: "body", blockId: "r" },
      { path: "contact.plan", field: "body", blockId: "t" },
      { path: "contact.vip", field: "body", blockId: "c" },
    ]);
  });

  it("flags variables no contact or recent event has", () => {
    const uses = findTemplateVariables({
      subject: "{{ contact.first_name }} {{ frist_name }}",
      body: "{{ event.properties.total }} {{ event.properties.totl }} {{ journey.name }} {{ journey.owner }}",
    });
    const unknown = findUnknownVariables(uses, { contactTraits: ["first_name"], eventProperties: ["total"] });
    expect(unknown.map((u) => [u.path, u.reason])).toEqual([
      ["frist_name", '"frist_name" is not a contact trait or a known variable'],
      ["event.properties.totl", 'no recent event has the property "totl"'],
      ["journey.owner", 'journeys have only id and name, not "owner"'],
    ]);
  });

  it("skips sources that do not parse", () => {
    expect(findTemplateVariables({ subject: "{% if %}", body: "{{ contact.a }}" })).toEqual([
      { path: "contact.a", field: "body", blockId: null },
    ]);
  });
});

describe("findUnguardedVariables", () => {
  it("lists top-level outputs without default only", () => {
    expect(
      findUnguardedVariables('{{ a }} {{ b | default: "x" }} {% if c %}{{ c }}{% endif %} {{ d.e | upcase }}'),
    ).toEqual(["a", "d.e"]);
  });
});

describe("findOutputsWithoutDefault", () => {
  it("lists every printed variable without a default, per field and block, leaving out loop locals and guarded outputs", () => {
    const outputs = findOutputsWithoutDefault({
      subject: 'Hi {{ first_name | default: "there" }}',
      preheader: "{{ contact.plan }}",
      body: "",
      blocks: [
        {
          type: "heading",
          id: "h",
          level: 1,
          text: "Hi {{ contact.first_name }}{% if contact.nick %} ({{ contact.nick }}){% endif %}",
        },
        {
          type: "repeat",
          id: "r",
          path: "cart.items",
          as: "item",
          blocks: [{ type: "text", id: "t", text: "{{ item.name }} {{ forloop.index }} {{ contact.city }}" }],
        },
        { type: "button", id: "b", label: "Open", url: "{{ event.properties.url }}" },
      ],
    });
    expect(outputs).toEqual([
      { path: "contact.plan", field: "preheader", blockId: null },
      { path: "contact.first_name", field: "body", blockId: "h" },
      { path: "contact.city", field: "body", blockId: "t" },
      { path: "event.properties.url", field: "body", blockId: "b" },
    ]);
  });
});
