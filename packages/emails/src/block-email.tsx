/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// React-email rendering of personalized blocks. Columns stack on narrow screens through one
// media query (clients without <style> support keep them side by side, which still reads).
import { Button, Column, Heading, Hr, Img, Link, Row, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import { EmailShell, styles } from "./email-layout";
import type { Paragraph } from "./inline";
import type { ResolvedBlock } from "./resolve-blocks";

export type BlockEmailProps = {
  subject: string;
  preheader: string;
  blocks: ResolvedBlock[];
  unsubscribeUrl?: string | undefined;
};

const RESPONSIVE_STYLE =
  "@media only screen and (max-width:600px){.ms-col{display:block!important;width:100%!important;padding:0 0 12px!important}.ms-img{max-width:100%!important;height:auto!important}}";

const headingSizes = { 1: "28px", 2: "22px", 3: "18px" } as const;

function renderParagraph(paragraph: Paragraph): ReactNode[] {
  return paragraph.map((inline, index) => {
    if (inline.kind === "break") return <br key={index} />;
    if (inline.kind === "link")
      return (
        <Link key={index} href={inline.href} style={styles.link}>
          {inline.label}
        </Link>
      );
    if (inline.bold) return <strong key={index}>{inline.text}</strong>;
    if (inline.italic) return <em key={index}>{inline.text}</em>;
    return <span key={index}>{inline.text}</span>;
  });
}

function BlockView({ block }: { block: ResolvedBlock }): ReactNode {
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
            <Text key={index} style={{ ...styles.paragraph, textAlign: block.align }}>
              {renderParagraph(paragraph)}
            </Text>
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
    case "columns": {
      const width = `${Math.floor(100 / block.columns.length)}%`;
      return (
        <Row style={{ margin: "0 0 8px" }}>
          {block.columns.map((column, index) => (
            <Column
              key={index}
              className="ms-col"
              style={{ width, verticalAlign: "top", padding: index === 0 ? "0 8px 0 0" : "0 0 0 8px" }}
            >
              <BlockList blocks={column} />
            </Column>
          ))}
        </Row>
      );
    }
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

export function BlockEmail({ subject, preheader, blocks, unsubscribeUrl }: BlockEmailProps) {
  return (
    <EmailShell subject={subject} preheader={preheader} unsubscribeUrl={unsubscribeUrl} headStyle={RESPONSIVE_STYLE}>
      <Section>
        <BlockList blocks={blocks} />
      </Section>
    </EmailShell>
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
