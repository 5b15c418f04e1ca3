import { describe, expect, it } from "vitest";
import { LiquidTemplateError, MissingVariableError, TemplateRenderError } from "./liquid";
import { renderEmail, type RenderContext } from "./render";

const context: RenderContext = {
  contact: { first_name: "Ada", email: "ada@example.test", userId: "user-1", plan: "pro" },
  event: { event: "signed_up", properties: { source: "ads", url: "https://mailstream.test/verify?t=abc" } },
  journey: { id: "j1", name: "Welcome" },
};

const welcome = {
  subject: 'Welcome, {{ first_name | default: "there" }}!',
  preheader: "Your {{ contact.plan }} plan is ready",
  body: 'Hi {{ first_name | default: "there" }},\nthanks for joining from {{ event.properties.source }}.\n\n[Open {{ journey.name }}](https://mailstream.test/app?u={{ contact.userId }})\n\nThe {{ journey.name }} team',
};

describe("renderEmail", () => {
  it("personalizes subject, preheader and body", async () => {
    const email = await renderEmail({ template: welcome, context });
    expect(email.subject).toBe("Welcome, Ada!");
    expect(email.html).toContain("Hi Ada,<br/>thanks for joining from ads.");
    expect(email.html).toContain("Your pro plan is ready");
    expect(email.html).toContain('<a href="https://mailstream.test/app?u=user-1"');
    expect(email.html).toContain(">Open Welcome</a>");
    expect(email.html).toContain("max-width:560px");
    expect(email.html).toContain("Sent by Mailstream");
  });

  it("produces a plain-text part without tags or the hidden preheader", async () => {
    const { text } = await renderEmail({ template: welcome, context });
    expect(text).toContain("Hi Ada,\nthanks for joining from ads.");
    expect(text).toContain("Open Welcome https://mailstream.test/app?u=user-1");
    expect(text).toContain("Sent by Mailstream");
    expect(text).not.toMatch(/<[a-z/!]/i);
    expect(text).not.toContain("Your pro plan is ready");
  });

  it("falls back to the default when a trait is missing", async () => {
    const defaulted = { ...welcome, preheader: 'Your {{ contact.plan | default: "free" }} plan is ready' };
    const email = await renderEmail({
      template: defaulted,
      context: { ...context, contact: { email: "x@example.test", userId: "user-2" } },
    });
    expect(email.subject).toBe("Welcome, there!");
    expect(email.text).toContain("Hi there,");
  });

  it("skips (never renders empty) a missing value printed without a default, naming the variable and the field", async () => {
    const noPlan = { ...context, contact: { email: "x@example.test", userId: "user-2" } };
    const error = await renderEmail({ template: welcome, context: noPlan }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingVariableError);
    expect(error).toMatchObject({
      variable: "contact.plan",
      field: "preheader",
      message: "missing required variable contact.plan (no | default: in the preheader)",
    });
    const noSource = { ...context, event: { properties: {} } };
    await expect(renderEmail({ template: welcome, context: noSource })).rejects.toThrow(
      "missing required variable event.properties.source (no | default: in the body)",
    );
    // Guarded by an `if`, or given a default: rendered without the value.
    const guarded = {
      subject: "S",
      body: "Hi{% if contact.nick %} {{ contact.nick }}{% endif %}, {{ contact.age | default: 0 }}",
    };
    await expect(renderEmail({ template: guarded, context })).resolves.toMatchObject({
      text: expect.stringContaining("Hi, 0"),
    });
  });

  it("escapes markup from contact data in HTML and keeps it plain in text", async () => {
    const evil = { ...context, contact: { ...context.contact, first_name: '<script>alert("x")</script>' } };
    const email = await renderEmail({ template: welcome, context: evil });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,");
    expect(email.text).toContain('Hi <script>alert("x")</script>,');
    expect(email.subject).toBe('Welcome, <script>alert("x")</script>!');
  });

  it("does not let contact data create links or paragraphs", async () => {
    const tricky = {
      ...context,
      contact: { ...context.contact, first_name: "[Claim prize](https://evil.test)\n\nsecond" },
    };
    const email = await renderEmail({ template: { subject: "Hi", body: "{{ first_name }}" }, context: tricky });
    expect(email.html).not.toContain('href="https://evil.test"');
    expect(email.html).toContain("[Claim prize](https://evil.test)");
  });

  it("links a paragraph that is only a URL, including one supplied by the event", async () => {
    const email = await renderEmail({
      template: { subject: "Verify", body: "https://mailstream.test/help\n\n{{ event.properties.url }}" },
      context,
    });
    expect(email.html).toContain('<a href="https://mailstream.test/help"');
    expect(email.html).toContain('<a href="https://mailstream.test/verify?t=abc"');
  });

  it("renders an unsafe link target as text", async () => {
    const email = await renderEmail({ template: { subject: "x", body: "[Click](javascript:alert(1))" }, context });
    expect(email.html).not.toContain('href="javascript');
  });

  it("adds an unsubscribe link to the footer only when given one", async () => {
    const plain = await renderEmail({ template: welcome, context });
    expect(plain.html).not.toContain("Unsubscribe");
    const marketing = await renderEmail({
      template: welcome,
      context,
      unsubscribeUrl: "https://ms.test/unsubscribe/tok",
    });
    expect(marketing.html).toMatch(/<a href="https:\/\/ms\.test\/unsubscribe\/tok"[^>]*>Unsubscribe<\/a>/);
    expect(marketing.text).toContain("https://ms.test/unsubscribe/tok");
  });

  it("keeps the subject on one line", async () => {
    const email = await renderEmail({
      template: { subject: "Hi {{ first_name }}", body: "x" },
      context: { ...context, contact: { first_name: "A\r\nBcc: x@evil.test" } },
    });
    expect(email.subject).toBe("Hi A Bcc: x@evil.test");
  });

  it("supports Liquid control flow across paragraphs", async () => {
    const body = "{% if contact.plan == 'pro' %}Pro tips:\n\nUse segments.{% else %}Upgrade today.{% endif %}";
    const email = await renderEmail({ template: { subject: "x", body }, context });
    expect(email.text).toContain("Pro tips:\n\nUse segments.");
    expect(email.text).not.toContain("Upgrade");
  });

  it("reports a Liquid syntax error with its field and line", async () => {
    const rendering = renderEmail({ template: { subject: "ok", body: "Hi\n\n{{ first_name | nope }}" }, context });
    await expect(rendering).rejects.toBeInstanceOf(LiquidTemplateError);
    await expect(rendering).rejects.toThrow("Body has a Liquid error on line 3: undefined filter: nope");
  });

  it("refuses a subject that personalizes to nothing", async () => {
    const rendering = renderEmail({
      template: { subject: "{{ first_name }}", body: "x" },
      context: { ...context, contact: {} },
    });
    await expect(rendering).rejects.toBeInstanceOf(TemplateRenderError);
    await expect(rendering).rejects.toMatchObject({ field: "subject" });
  });

  it("is deterministic for the same input", async () => {
    const [a, b] = await Promise.all([
      renderEmail({ template: welcome, context }),
      renderEmail({ template: welcome, context }),
    ]);
    expect(a).toEqual(b);
  });
});
