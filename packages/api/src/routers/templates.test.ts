// The templates router over the real test database: CRUD with validation, and previews
// rendered through react-email + Liquid with a sample contact.
import { describe, expect, it } from "vitest";
import { createWorkspaceCaller } from "@mailstream/testing/test-caller";

const content = {
  subject: 'Welcome, {{ first_name | default: "there" }}!',
  preheader: 'Your {{ plan | default: "free" }} plan is ready',
  body: 'Hi {{ first_name | default: "there" }},\n\nYou signed up with {{ contact.email }}.',
};

describe("templates router", () => {
  it("creates from the starter content, lists, reads and updates", async () => {
    const { caller } = await createWorkspaceCaller();
    const created = await caller.templates.create({ name: "Welcome" });
    expect(created.subject).toContain("{{ first_name");
    expect(await caller.templates.list()).toEqual([expect.objectContaining({ id: created.id, name: "Welcome" })]);

    const updated = await caller.templates.update({ templateId: created.id, name: "Welcome v2", ...content });
    expect(updated).toMatchObject({
      name: "Welcome v2",
      subject: content.subject,
      preheader: content.preheader,
      body: content.body,
    });
    expect(await caller.templates.byId({ templateId: created.id })).toMatchObject({
      name: "Welcome v2",
      body: content.body,
    });
  });

  it("rejects an empty subject and a Liquid syntax error, naming the problem", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id } = await caller.templates.create({ name: "Strict" });
    await expect(caller.templates.update({ templateId: id, subject: "  " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Subject is required"),
    });
    await expect(caller.templates.update({ templateId: id, body: "Hi {% if %}" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^Body has a Liquid error/),
    });
    // Nothing was written by the refused updates.
    expect((await caller.templates.byId({ templateId: id })).body).not.toContain("{% if %}");
  });

  it("refuses hrefs other than http, https and mailto on save with a 400 naming the block, templates and partials alike", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id, blocks } = await caller.templates.create({ name: "Links" });
    const evil = [{ type: "button" as const, id: "cta", label: "Win", url: "javascript:alert(1)" }];
    await expect(caller.templates.update({ templateId: id, blocks: evil })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: 'Button block "cta" link URL: links may only use http, https, mailto, not javascript:',
    });
    await expect(
      caller.templates.update({ templateId: id, blocks: null, body: "[Win](JavaScript:alert(1))" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^Body: .*not javascript:$/) });
    expect((await caller.templates.byId({ templateId: id })).blocks).toEqual(blocks);
    await expect(
      caller.templates.partials.create({
        name: "Footer",
        blocks: [{ type: "text", id: "legal", text: "[Terms](data:text/html,x)" }],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('Text block "legal"') });
    // Liquid output decides the scheme at send time (the renderer drops anything but http, https, mailto).
    const personal = [{ type: "button" as const, id: "cta", label: "Visit", url: "{{ contact.website }}" }];
    expect((await caller.templates.update({ templateId: id, blocks: personal })).blocks).toEqual(personal);
  });

  it("previews unsaved content personalized with the sample contact", async () => {
    const { caller } = await createWorkspaceCaller();
    const preview = await caller.templates.preview({
      content,
      context: { contact: { first_name: "Ada", email: "ada@example.test", plan: "pro" } },
    });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.subject).toBe("Welcome, Ada!");
    expect(preview.html).toContain("Hi Ada,");
    expect(preview.html).toContain("ada@example.test");
    expect(preview.html).toContain("Your pro plan is ready");
    expect(preview.text).toContain("Hi Ada,");
  });

  it("previews a saved template by id, falling back to Liquid defaults", async () => {
    const { caller } = await createWorkspaceCaller();
    const { id } = await caller.templates.create({ name: "Saved", content });
    // With no sample at all, `{{ contact.email }}` (no default) would skip this contact.
    expect(await caller.templates.preview({ templateId: id })).toMatchObject({
      ok: false,
      message: "missing required variable contact.email (no | default: in the body)",
    });
    const preview = await caller.templates.preview({
      templateId: id,
      context: { contact: { email: "x@example.test" }, event: {}, journey: {} },
    });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.subject).toBe("Welcome, there!");
    expect(preview.text).toContain("Hi there,");
    expect(preview.html).toContain("Your free plan is ready");
    expect(preview.outputsWithoutDefault).toEqual([{ path: "contact.email", field: "body", blockId: null }]);
  });

  it("returns a Liquid error as a message instead of failing the request", async () => {
    const { caller } = await createWorkspaceCaller();
    const preview = await caller.templates.preview({
      content: { ...content, body: "Hello {{ name | nosuchfilter }}" },
    });
    expect(preview).toMatchObject({
      ok: false,
      field: "body",
      blockId: null,
      message: expect.stringContaining("Body has a Liquid error"),
    });
  });

  it("keeps templates to their workspace", async () => {
    const mine = await createWorkspaceCaller();
    const theirs = await createWorkspaceCaller();
    const { id } = await theirs.caller.templates.create({ name: "Private" });
    await expect(mine.caller.templates.byId({ templateId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mine.caller.templates.preview({ templateId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mine.caller.templates.update({ templateId: id, name: "Mine now" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
