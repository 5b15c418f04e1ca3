// A rendered email's HTML in a fully sandboxed iframe (no scripts, no same-origin access), the
// one way the app shows email HTML: the inbox's message and the template editor's preview.
export function EmailFrame({
  title,
  html,
  className,
  testId,
  width,
}: {
  title: string;
  html: string;
  className?: string;
  testId: string;
  width?: string;
}) {
  return (
    <iframe title={title} className={className} sandbox="" srcDoc={html} data-testid={testId} data-width={width} />
  );
}
