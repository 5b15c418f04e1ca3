/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// React-email rendering of personalized blocks. Columns stack on narrow screens through one
// media query (clients without <style> support keep them side by side, which still reads).
import { Button, Column, Heading, Hr, Img, Link, Row, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import { EmailShell, styles } from "./email-layout";
import type { Inline } from "./inline";
import type { ResolvedBlock } from "./resolve-blocks";

export type BlockEmailProps = {
  subject: string;
  preheader: string;
  blocks: ResolvedBlock[];
  unsubscribeUrl?: string | undefined;
};

const RESPONSIVE_STYLE =
  "@media only screen and (max-width:600px){.ms-col{display:block!important;width:100%!important;padding:0 0 12px!important}.ms-img{max-width:100%!important;height:auto!important}}";

type ResolvedAlign = "left" | "center" | "right";

const headingSizes = { 1: "28px", 2: "22px", 3: "18px" } as const;

/** One inline piece of a text paragraph (exported for the compiled renderer's stencils). */
export function InlineView({ inline }: { inline: Inline }): ReactNode {
  if (inline.kind === "break") return <br />;
  if (inline.kind === "link")
    return (
      <Link href={inline.href} style={styles.link}>
        {inline.label}
      </Link>
    );
  if (inline.bold) return <strong>{inline.text}</strong>;
  if (inline.italic) return <em>{inline.text}</em>;
  return <span>{inline.text}</span>;
}

/** The frame of one text paragraph; its children are InlineViews. */
export function TextParagraph({ align, children }: { align: ResolvedAlign; children: ReactNode }) {
  return <Text style={{ ...styles.paragraph, textAlign: align }}>{children}</Text>;
}

/** Side-by-side columns; each child is one column's content. */
export function ColumnsView({ columns }: { columns: ReactNode[] }) {
  const width = `${Math.floor(100 / columns.length)}%`;
  return (
    <Row style={{ margin: "0 0 8px" }}>
      {columns.map((column, index) => (
        <Column
          key={index}
          className="ms-col"
          style={{ width, verticalAlign: "top", padding: index === 0 ? "0 8px 0 0" : "0 0 0 8px" }}
        >
          {column}
        </Column>
      ))}
    </Row>
  );
}

export function BlockView({ block }: { block: ResolvedBlock }): ReactNode {
  switch (block.type) {
    case "heading":
      return (
        <Heading
          as={`h${block.level}`}
          style={{
            color: "#111418",
            fontSize: headingSizes[block.level],
            lineHeight: "1.3",
            margin: "0 0 16px",
            textAlign: block.align,
          }}
        >
          {block.text}
        </Heading>
      );
    case "text":
      return (
        <>
          {block.paragraphs.map((paragraph, index) => (
            <TextParagraph key={index} align={block.align}>
              {paragraph.map((inline, at) => (
                <InlineView key={at} inline={inline} />
              ))}
            </TextParagraph>
          ))}
        </>
      );
    case "button":
      return (
        <Section style={{ textAlign: block.align, margin: "0 0 16px" }}>
          <Button
            href={block.href}
            style={{
              backgroundColor: block.color,
              color: "#ffffff",
              borderRadius: "6px",
              padding: "12px 20px",
              fontSize: "16px",
              fontWeight: 600,
              textDecoration: "none",
            }}
          >
            {block.label}
          </Button>
        </Section>
      );
    case "image": {
      const style: CSSProperties = {
        display: "block",
        maxWidth: "100%",
        height: "auto",
        margin: "0 0 16px",
        border: 0,
      };
      const img = (
        <Img className="ms-img" src={block.src} alt={block.alt} width={block.width ?? undefined} style={style} />
      );
      return block.href ? <Link href={block.href}>{img}</Link> : img;
    }
    case "divider":
      return <Hr style={{ borderColor: "#e6e8eb", margin: "16px 0" }} />;
    case "spacer":
      return (
        <Section style={{ height: `${block.height}px`, lineHeight: `${block.height}px`, fontSize: "1px" }}>
          &nbsp;
        </Section>
      );
    case "columns":
      return (
        <ColumnsView
          columns={block.columns.map((column, index) => (
            <BlockList key={index} blocks={column} />
          ))}
        />
      );
  }
}

function BlockList({ blocks }: { blocks: ResolvedBlock[] }) {
  return (
    <>
      {blocks.map((block) => (
        <BlockView key={block.id} block={block} />
      ))}
    </>
  );
}

type ShellProps = Omit<BlockEmailProps, "blocks">;

/** Everything of a block email but its blocks (exported: the compiled renderer stencils it). */
export function BlockEmailFrame({
  subject,
  preheader,
  unsubscribeUrl,
  children,
}: ShellProps & { children: ReactNode }) {
  return (
    <EmailShell subject={subject} preheader={preheader} unsubscribeUrl={unsubscribeUrl} headStyle={RESPONSIVE_STYLE}>
      <Section>{children}</Section>
    </EmailShell>
  );
}

export function BlockEmail({ blocks, ...shell }: BlockEmailProps) {
  return (
    <BlockEmailFrame {...shell}>
      <BlockList blocks={blocks} />
    </BlockEmailFrame>
  );
}

// Sample for the react-email preview server; addresses stay on the reserved .test domain.
BlockEmail.PreviewProps = {
  subject: "Your cart is waiting",
  preheader: "Two items left behind",
  blocks: [
    { type: "heading", id: "h", text: "Still thinking it over, Ada?", level: 1, align: "left" },
    { type: "text", id: "t", paragraphs: [[{ kind: "text", text: "Your cart holds 2 items." }]], align: "left" },
    {
      type: "button",
      id: "b",
      label: "Back to cart",
      href: "https://mailstream.test/cart",
      align: "left",
      color: "#2563eb",
    },
  ],
} satisfies BlockEmailProps;

export default BlockEmail;
