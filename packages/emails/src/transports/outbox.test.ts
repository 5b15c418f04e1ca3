import { describe, expect, it } from "vitest";
import { createTransport, parseAddress, PermanentSendError, type OutgoingEmail } from "./index";

const email: OutgoingEmail = {
  idempotencyKey: "run-1:email-welcome",
  from: "Mailstream Demo <demo@mailstream.test>",
  to: "ada@example.test",
  subject: "Welcome",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: { "List-Unsubscribe": "<https://mailstream.test/u/abc>" },
};

describe("outbox transport", () => {
  const transport = createTransport("outbox");

  it("accepts a valid email and derives the provider id from the idempotency key", async () => {
    expect(transport.name).toBe("outbox");
    await expect(transport.send(email)).resolves.toEqual({
      providerMessageId: "outbox:run-1:email-welcome",
      isDelivered: true,
    });
    // A retried send reports the same id.
    await expect(transport.send({ ...email })).resolves.toEqual({
      providerMessageId: "outbox:run-1:email-welcome",
      isDelivered: true,
    });
  });

  it.each<[string, Partial<OutgoingEmail>, RegExp]>([
    ["a recipient without @", { to: "ada.example.test" }, /recipient "ada.example.test" is not a valid email address/],
    ["an empty recipient", { to: "" }, /recipient "" is not a valid email address/],
    ["a recipient with spaces", { to: "ada @example.test" }, /recipient/],
    ["an empty subject", { subject: "  " }, /subject is empty/],
    ["a subject with a line break", { subject: "Hi\r\nBcc: x@evil.test" }, /subject contains a line break/],
    ["a bad sender", { from: "Demo <nope>" }, /sender "Demo <nope>" is not a valid email address/],
    ["no body at all", { html: "", text: " " }, /both the HTML and the text part are empty/],
    ["a header with a line break", { headers: { "X-Tag": "a\nb" } }, /header "X-Tag" contains a line break/],
    ["an empty idempotency key", { idempotencyKey: "" }, /idempotencyKey is empty/],
  ])("rejects %s with a PermanentSendError", async (_name, patch, message) => {
    const sending = transport.send({ ...email, ...patch });
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toThrow(message);
    await expect(sending).rejects.toMatchObject({ nonRetryable: true, name: "PermanentSendError" });
  });

  it("lists every problem at once", async () => {
    await expect(transport.send({ ...email, to: "x", subject: "" })).rejects.toMatchObject({
      problems: ['recipient "x" is not a valid email address', "subject is empty"],
    });
  });

  it("rejects input that is not an email object", async () => {
    await expect(transport.send({ ...email, to: 42 } as unknown as OutgoingEmail)).rejects.toThrow(
      /Cannot send email: to: /,
    );
  });

  it("refuses an unknown transport name", () => {
    expect(() => createTransport("pigeon" as "outbox")).toThrow(
      'Unknown email transport "pigeon"; expected one of: outbox, smtp, resend',
    );
    expect(() => createTransport("smtp")).toThrow(/needs SMTP_URL/);
    expect(() => createTransport("resend")).toThrow(/needs RESEND_API_KEY/);
  });
});

describe("parseAddress", () => {
  it("accepts bare and display-name forms", () => {
    expect(parseAddress("ada@example.test")).toBe("ada@example.test");
    expect(parseAddress('"Ada L." <ada@example.test>')).toBe("ada@example.test");
    expect(parseAddress("Mailstream Demo <demo@mailstream.test>")).toBe("demo@mailstream.test");
    expect(parseAddress("ada@localhost")).toBeNull();
    expect(parseAddress("a@b@c.test")).toBeNull();
  });
});
