// The two states every editor page shows before its editor: loading, and a load that failed
// (a way back to the list, what could not be opened, and why).
import Link from "next/link";

export function LoadingPage({ label }: { label: string }) {
  return (
    <div className="page" aria-busy="true">
      <p className="muted">{label}</p>
    </div>
  );
}

export function CannotOpenPage({
  backHref,
  backLabel,
  what,
  message,
}: {
  backHref: string;
  backLabel: string;
  what: string;
  message: string;
}) {
  return (
    <div className="page">
      <div className="breadcrumb">
        <Link href={backHref}>{backLabel}</Link>
      </div>
      <h1>Cannot open this {what}</h1>
      <p className="muted">{message}</p>
    </div>
  );
}
