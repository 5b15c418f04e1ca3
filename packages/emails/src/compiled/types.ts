// The compiled form of a template version (see compile.tsx): plain data, made once, read by
// every send of that version. React is not needed to use it.
import type { Block, ColumnsBlock, ConditionalBlock, RepeatBlock } from "../blocks";
import type { Stencil } from "./stencil";

/** What compileTemplate needs: a template version's content and the partials it references. */
export type TemplateToCompile = {
  subject: string;
  preheader?: string | undefined;
  body: string;
  blocks?: Block[] | null | undefined;
  requiredVariables?: string[] | undefined;
  partials?: ReadonlyMap<string, readonly Block[]> | undefined;
};

/** The email around the body, per combination of an optional preheader and unsubscribe link. */
export type EmailFrame = {
  plain: Stencil;
  withUnsubscribe: Stencil;
  withPreheader: Stencil & { previewPad: string };
  withBoth: Stencil & { previewPad: string };
};

/** Pieces of text paragraphs (block text and legacy plain bodies). */
export type InlineStencils = {
  text: Stencil;
  bold: Stencil;
  italic: Stencil;
  lineBreak: string;
  link: Stencil;
  legacyLink: Stencil;
  /** A plain-body paragraph of two lines: the parts are its opening, the line break, its closing. */
  legacyLines: Stencil;
};

/**
 * One block of the program: `html` is a block without Liquid, rendered at compile time; a
 * `leaf` renders its fields' Liquid per contact; containers keep their condition or loop.
 */
export type CompiledNode =
  /** `hrefs`: [start, end) of each anchor's href in `html` (see emit.ts). */
  | { kind: "html"; block: Block; html: string; hrefs: number[] }
  | { kind: "leaf"; block: Block }
  | { kind: "columns"; block: ColumnsBlock; columns: CompiledNode[][] }
  | { kind: "repeat"; block: RepeatBlock; children: CompiledNode[] }
  | { kind: "conditional"; block: ConditionalBlock; children: CompiledNode[] };

export type CompiledTemplate = {
  subject: string;
  preheader: string;
  body: string;
  /** Partials inlined (null for a plain-body template). */
  blocks: Block[] | null;
  requiredVariables: string[];
  frame: EmailFrame;
  /** Block stencils by kind and attributes (`heading:1:left`, `button:center:#2563eb`…). */
  stencils: Record<string, Stencil>;
  inline: InlineStencils;
  /** Hosts written literally in the template: tracked-link approval (links.ts) without re-reading it per send. */
  literalLinkHosts: string[];
  /**
   * Every anchor of every stencil is a hole holding its whole href, and the frame's `</body>` is
   * after its last hole (link-places.ts): click tracking swaps hrefs where the render noted them.
   * Otherwise it reads the whole email, as before.
   */
  linksPlaced: boolean;
  /** The block program (null for a plain-body template). */
  program: CompiledNode[] | null;
};
