import { describe, expect, it } from "vitest";
import { isSafeHref, splitBody, ZTemplateContentSchema } from "./template";

describe("ZTemplateContentSchema", () => {
  it("requires a subject of 1..200 characters and defaults the preheader", () => {
    expect(ZTemplateContentSchema.parse({ subject: "Hi", body: "x" })).toEqual({
      subject: "Hi",
      preheader: "",
      body: "x",
    });
    const empty = ZTemplateContentSchema.safeParse({ subject: "   ", body: "" });
    expect(empty.success || empty.error.issues[0]?.message).toBe("Subject is required");
    const long = ZTemplateContentSchema.safeParse({ subject: "x".repeat(201), body: "" });
    expect(long.success || long.error.issues[0]?.message).toBe("Subject must be at most 200 characters");
  });
});

describe("splitBody", () => {
  it("splits paragraphs on blank lines and keeps single newlines as line breaks", () => {
    expect(splitBody("Hi Ada,\r\n\r\nLine one\nLine two\n \n\n\nBye")).toEqual([
      { kind: "paragraph", lines: ["Hi Ada,"] },
      { kind: "paragraph", lines: ["Line one", "Line two"] },
      { kind: "paragraph", lines: ["Bye"] },
    ]);
  });

  it("turns a paragraph that is only a link into a link", () => {
    expect(
      splitBody("[Open the app](https://mailstream.test/app)\n\nhttps://mailstream.test/docs\n\nsee https://x.test"),
    ).toEqual([
      { kind: "link", label: "Open the app", href: "https://mailstream.test/app" },
      { kind: "link", label: "https://mailstream.test/docs", href: "https://mailstream.test/docs" },
      { kind: "paragraph", lines: ["see https://x.test"] },
    ]);
  });

  it("returns nothing for an empty body", () => {
    expect(splitBody(" \n\n ")).toEqual([]);
  });
});

describe("isSafeHref", () => {
  it("allows web and mail links only", () => {
    expect(isSafeHref("https://a.test/x")).toBe(true);
    expect(isSafeHref("mailto:hi@a.test")).toBe(true);
    expect(isSafeHref("javascript:alert(1)")).toBe(false);
    expect(isSafeHref("/relative")).toBe(false);
  });
});
