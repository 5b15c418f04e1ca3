/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps the automatic JSX runtime when another package's tsconfig (e.g. tsx in temporal/) compiles this file.
// The one email layout: a centred 560px column, system font, readable paragraphs and links,
// and a small footer. Receives already-personalized plain strings; React escapes them.
import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import type { BodyBlock } from "./template";

export type EmailLayoutProps = {
  subject: string;
  preheader: string;
  blocks: BodyBlock[];
  /** Footer link to the recipient's preference page (RFC 8058 emails carry it in a header too). */
  unsubscribeUrl?: string | undefined;
};

const fontFamily = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const styles = {
  body: { backgroundColor: "#f6f7f9", margin: 0, padding: "24px 0", fontFamily },
  container: {
    backgroundColor: "#ffffff",
    maxWidth: "560px",
    width: "100%",
    margin: "0 auto",
    padding: "32px 28px",
    borderRadius: "8px",
  },
  paragraph: { color: "#1f2328", fontSize: "16px", lineHeight: "26px", margin: "0 0 16px" },
  link: { color: "#2563eb", textDecoration: "underline" },
  hr: { borderColor: "#e6e8eb", margin: "24px 0 12px" },
  footer: { color: "#8a8f98", fontSize: "12px", lineHeight: "18px", margin: 0 },
  footerLink: { color: "#8a8f98", textDecoration: "underline" },
} satisfies Record<string, CSSProperties>;

function renderLines(lines: string[]): ReactNode[] {
  return lines.flatMap((line, index) => (index === 0 ? [line] : [<br key={`br-${index}`} />, line]));
}

/** Shared frame of every email: head, preheader, centred column and footer; media queries for block layouts. */
export function EmailShell({
  subject,
  preheader,
  unsubscribeUrl,
  headStyle,
  children,
}: {
  subject: string;
  preheader: string;
  unsubscribeUrl?: string | undefined;
  headStyle?: string | undefined;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head>
        <title>{subject}</title>
        {headStyle ? <style>{headStyle}</style> : null}
      </Head>
      {preheader !== "" && <Preview>{preheader}</Preview>}
      <Body style={styles.body}>
        <Container style={styles.container}>
          {children}
          <Hr style={styles.hr} />
          <Text style={styles.footer}>
            Sent by Mailstream
            {unsubscribeUrl && (
              <>
                {" · "}
                <Link href={unsubscribeUrl} style={styles.footerLink}>
                  Unsubscribe
                </Link>
              </>
            )}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/** One paragraph or link of a plain-body email (exported for the compiled renderer's stencils). */
export function BodyBlockView({ block }: { block: BodyBlock }) {
  return block.kind === "link" ? (
    <Text style={styles.paragraph}>
      <Link href={block.href} style={styles.link}>
        {block.label}
      </Link>
    </Text>
  ) : (
    <Text style={styles.paragraph}>{renderLines(block.lines)}</Text>
  );
}

/** Everything of a plain-body email but its paragraphs (exported: the compiled renderer stencils it). */
export function EmailLayoutFrame({
  subject,
  preheader,
  unsubscribeUrl,
  children,
}: Omit<EmailLayoutProps, "blocks"> & { children: ReactNode }) {
  return (
    <EmailShell subject={subject} preheader={preheader} unsubscribeUrl={unsubscribeUrl}>
      <Section>{children}</Section>
    </EmailShell>
  );
}

export function EmailLayout({ blocks, ...shell }: EmailLayoutProps) {
  return (
    <EmailLayoutFrame {...shell}>
      {blocks.map((block, index) => (
        <BodyBlockView key={index} block={block} />
      ))}
    </EmailLayoutFrame>
  );
}

// Sample for the react-email preview server; addresses stay on the reserved .test domain.
EmailLayout.PreviewProps = {
  subject: "Welcome to Mailstream",
  preheader: "Three things to try first",
  blocks: [
    { kind: "paragraph", lines: ["Hi Ada,"] },
    { kind: "paragraph", lines: ["Thanks for signing up.", "Here is how to get started."] },
    { kind: "link", label: "Open your dashboard", href: "https://mailstream.test/dashboard" },
  ],
} satisfies EmailLayoutProps;

export default EmailLayout;
