// Which links a template may hold, and which links may be click-tracked.
//
// Schemes: only http, https and mailto hrefs. `findUnsafeLinks` checks what the author wrote
// (the editor and the server's save both call it, naming the block); the renderer checks
// again after personalization (isSafeHref), because contact traits arrive through the public
// write key and may hold `javascript:`.
//
// Hosts: a tracked link becomes a signed redirect through our own domain, so tracking a link
// whose host came from contact data would turn Mailstream into a redirector for anyone who
// can write a trait. A link is tracked only when its host is approved: written literally in
// the template, on the workspace's link-domain list, or the deployment's own public host.
import { printedSources, walkBlocks, type Block } from "./blocks";

export type LinkProblem = { blockId: string | null; message: string };

type LinkContent = { body?: string | undefined; blocks?: readonly Block[] | null | undefined };

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);
// Liquid is replaced by one marker character per construct before looking at what is literal.
const OUTPUT = "\u0000";
const TAG = "\u0001";
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// The start of the href of `[label](href)` in text blocks and plain bodies — looser than the
// renderer's pattern on purpose, so `[x](javascript:alert(1))` is refused rather than ignored.
const MARKDOWN_HREF = /\[[^\]\n]+\]\(\s*([^\s)]*)/g;
// A host the author typed: `https://host` ending where the URL's path, query or fragment starts,
// or at the end of the text. A host running into Liquid (`https://shop.{{ x }}`) is not literal.
const LITERAL_HOST = /https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?(?=[/?#\s)\]"'<>]|$)/gi;

function skeleton(source: string): string {
  return source.replace(/\{\{[\s\S]*?\}\}/g, OUTPUT).replace(/\{%[\s\S]*?%\}/g, TAG);
}

// Browsers drop tabs and newlines anywhere in a URL and leading/trailing spaces and controls
// (WHATWG URL), so `java\tscript:` is `javascript:`.
function normalizeUrlText(text: string): string {
  let start = 0;
  // Our markers (\u0000, \u0001) are controls too and must survive.
  while (start < text.length && text.charCodeAt(start) > 1 && text.charCodeAt(start) <= 0x20) start++;
  return text.slice(start).replace(/[\t\n\r]/g, "");
}

const LIQUID_TOKEN = /(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/;
const TAG_NAME = /^\{%-?\s*(\w+)/;
const OPENS = new Set(["if", "unless", "case", "for"]);
const BRANCHES = new Set(["else", "elsif", "when"]);
const CLOSES = new Set(["endif", "endunless", "endcase", "endfor"]);

/**
 * The literal pieces of a URL source that start the URL: its beginning, or the first text of
 * a `{% if %}` / `{% else %}` branch opened where the URL starts. Text after Liquid output
 * continues a value and is not a start.
 */
function urlStarts(source: string): string[] {
  const starts: string[] = [];
  // One level per open block: whether the URL was still empty when it opened, and now.
  const levels = [{ openedAtStart: true, atStart: true, wroteAny: false }];
  for (const token of source.split(LIQUID_TOKEN)) {
    const level = levels[levels.length - 1] as (typeof levels)[number];
    if (token.startsWith("{{")) {
      level.atStart = false;
      level.wroteAny = true;
    } else if (token.startsWith("{%")) {
      const name = TAG_NAME.exec(token)?.[1] ?? "";
      if (OPENS.has(name)) levels.push({ openedAtStart: level.atStart, atStart: level.atStart, wroteAny: false });
      else if (BRANCHES.has(name)) level.atStart = level.openedAtStart;
      else if (CLOSES.has(name) && levels.length > 1) {
        levels.pop();
        const parent = levels[levels.length - 1] as (typeof levels)[number];
        if (level.wroteAny) parent.atStart = false;
        parent.wroteAny ||= level.wroteAny;
      }
    } else {
      const piece = normalizeUrlText(token);
      if (piece === "") continue;
      if (level.atStart) starts.push(piece);
      level.atStart = false;
      level.wroteAny = true;
    }
  }
  return starts;
}

/**
 * Why a URL field's source is refused, or null: a piece that starts the URL (urlStarts) names
 * another scheme, or the URL's literal beginning names none. A URL that starts with Liquid
 * output is checked at render time instead.
 */
export function checkUrlSource(source: string, options: { schemes?: readonly string[] } = {}): string | null {
  const allowed = new Set(options.schemes ?? ALLOWED_SCHEMES);
  const trimmed = source.trim();
  const beginsWithLiteral = trimmed !== "" && !trimmed.startsWith("{{") && !trimmed.startsWith("{%");
  for (const [index, piece] of urlStarts(trimmed).entries()) {
    const scheme = SCHEME.exec(piece)?.[1]?.toLowerCase();
    if (scheme !== undefined && !allowed.has(scheme))
      return `links may only use ${describeSchemes(allowed)}, not ${scheme}:`;
    if (scheme === undefined && index === 0 && beginsWithLiteral)
      return `"${trimmed.slice(0, 60)}" is not a full URL: it must start with ${[...allowed].map((s) => (s === "mailto" ? "mailto:" : `${s}://`)).join(", ")} (like https://example.com)`;
  }
  return null;
}

function describeSchemes(allowed: ReadonlySet<string>): string {
  return [...allowed].join(", ");
}

function describeBlock(block: Block): string {
  return `${block.type.charAt(0).toUpperCase()}${block.type.slice(1)} block "${block.id}"`;
}

function markdownHrefs(source: string): string[] {
  return [...skeleton(source).matchAll(MARKDOWN_HREF)].map((match) => match[1] as string);
}

/** Every href in the content that is refused, one problem per field, naming its block. */
export function findUnsafeLinks(content: LinkContent): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const check = (blockId: string | null, where: string, source: string, schemes?: readonly string[]) => {
    const problem = checkUrlSource(source, schemes ? { schemes } : {});
    if (problem) problems.push({ blockId, message: `${where}: ${problem}` });
  };
  const checkMarkdown = (blockId: string | null, where: string, source: string) => {
    for (const href of markdownHrefs(source)) {
      const piece = normalizeUrlText(href);
      const scheme = SCHEME.exec(piece)?.[1]?.toLowerCase();
      // Relative markdown links stay text at render; only a foreign scheme is an error here.
      if (scheme !== undefined && !ALLOWED_SCHEMES.has(scheme)) {
        problems.push({
          blockId,
          message: `${where}: links may only use ${describeSchemes(ALLOWED_SCHEMES)}, not ${scheme}:`,
        });
        return;
      }
    }
  };
  if (!content.blocks) {
    checkMarkdown(null, "Body", content.body ?? "");
    return problems;
  }
  walkBlocks(content.blocks, (block) => {
    const where = describeBlock(block);
    if (block.type === "button") check(block.id, `${where} link URL`, block.url);
    if (block.type === "image") {
      check(block.id, `${where} image URL`, block.src, ["http", "https"]);
      if (block.href && block.href.trim() !== "") check(block.id, `${where} link URL`, block.href);
    }
    if (block.type === "text") checkMarkdown(block.id, where, block.text);
  });
  return problems;
}

function normalizeHost(host: string): string | null {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

/** Hosts written literally anywhere in the content (subject and preheader do not hold links). */
export function findLiteralLinkHosts(content: LinkContent): Set<string> {
  const sources = content.blocks ? [] : [content.body ?? ""];
  if (content.blocks) walkBlocks(content.blocks, (block) => sources.push(...printedSources(block)));
  const hosts = new Set<string>();
  for (const source of sources) {
    for (const match of skeleton(source).matchAll(LITERAL_HOST)) {
      // A sentence may end right after the host: "see https://blog.test."
      const host = normalizeHost((match[1] as string).replace(/\.+$/, ""));
      if (host) hosts.add(host);
    }
  }
  return hosts;
}

/** `example.com` (that host only) or `*.example.com` (any subdomain, not the apex). */
export const LINK_DOMAIN_PATTERN =
  /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

export type LinkHostPolicy = {
  /** Hosts written literally in the template (its partials included). */
  literalHosts: ReadonlySet<string>;
  /** The workspace's link-domain list (Settings). */
  linkDomains: readonly string[];
  /** The deployment's public URL (MAILSTREAM_PUBLIC_URL). */
  publicUrl: string;
};

function matchesDomain(host: string, domain: string): boolean {
  return domain.startsWith("*.") ? host.endsWith(domain.slice(1)) : host === domain;
}

/** Whether a rendered http(s) URL may become a tracked redirect (see the module comment). */
export function isApprovedLinkHost(url: string, policy: LinkHostPolicy): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
    host = parsed.hostname;
  } catch {
    return false;
  }
  if (policy.literalHosts.has(host)) return true;
  if (host === new URL(policy.publicUrl).hostname) return true;
  return policy.linkDomains.some((domain) => matchesDomain(host, domain.toLowerCase()));
}
