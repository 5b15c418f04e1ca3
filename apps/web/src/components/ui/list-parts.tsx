// The pieces every list screen is made of, written once: the page header (title, one line
// of description, the create action), the list card and its empty state, a table's header
// row and the row a table shows when it has none.
import Link from "next/link";
import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  action,
  back,
  className,
}: {
  title: string;
  description: ReactNode;
  action?: ReactNode;
  /** The page this one belongs to, linked above the title ("← Contacts"). */
  back?: { href: string; label: string };
  className?: string;
}) {
  return (
    <header className={className ? `page-header ${className}` : "page-header"}>
      <div>
        {back ? (
          <p className="muted">
            <Link href={back.href}>← {back.label}</Link>
          </p>
        ) : null}
        <h1>{title}</h1>
        <p>{description}</p>
      </div>
      {action}
    </header>
  );
}

/** What a list card shows instead of its table when the list is empty. */
export function EmptyState({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="empty">
      {title ? <h2>{title}</h2> : null}
      <p>{children}</p>
    </div>
  );
}

/** A list page's card: the table of the list, or its empty state when there is nothing to list. */
export function ListCard(props: { isEmpty: boolean; emptyTitle?: string; empty: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {props.isEmpty ? <EmptyState title={props.emptyTitle}>{props.empty}</EmptyState> : props.children}
    </section>
  );
}

/** A header cell: its label, or `num` for a right-aligned number column, or an unlabelled cell named for assistive tech. */
export type Column = string | { label: string; num?: boolean } | { ariaLabel: string };

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === "string" ? (
            <th key={column}>{column}</th>
          ) : "ariaLabel" in column ? (
            <th key={column.ariaLabel} aria-label={column.ariaLabel} />
          ) : (
            <th key={column.label} className={column.num ? "num" : undefined}>
              {column.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** The one row of a table body that has no rows. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="empty">
        {children}
      </td>
    </tr>
  );
}
