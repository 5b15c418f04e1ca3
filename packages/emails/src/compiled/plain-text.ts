// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- html-to-text ships no types, and packages compiling this file must see the declaration
/// <reference path="./html-to-text.d.ts" />
// The text part: react-email's `toPlainText`, with its html-to-text options compiled once.
// `toPlainText` calls html-to-text's `convert`, which compiles the options (a selector decision
// tree) on every call — most of a compiled render's time. `convert(html, o)` is
// `compile(o)(html)`, so the converter made here gives the same text for the same HTML.
// The html-to-text version is pinned to the one @react-email/render resolves; the equivalence
// tests fail if they ever differ.
import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";

// The options toPlainText(html) builds when given no options of its own.
const convert = compile({ wordwrap: false, selectors: [...plainTextSelectors] });

export function toPlainTextFast(html: string): string {
  return convert(html);
}
