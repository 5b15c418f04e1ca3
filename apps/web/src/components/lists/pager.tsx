// "21–40 of 73" with Previous / Next links that keep the list's filters.
import Link from "next/link";
import styles from "./lists.module.css";

export function Pager(props: {
  path: string;
  params: Record<string, string>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const { page, pageSize, total } = props;
  if (total <= pageSize && page === 1) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const href = (to: number) => {
    const query = new URLSearchParams({ ...props.params, page: String(to) });
    for (const [key, value] of [...query.entries()]) if (value === "") query.delete(key);
    return `${props.path}?${query.toString()}`;
  };
  return (
    <nav className={styles.pager} aria-label="Pages">
      <span className="muted">{total === 0 ? "Nothing on this page" : `${first}–${last} of ${total}`}</span>
      {page > 1 ? (
        <Link className="btn btn-sm" href={href(page - 1)}>
          Previous
        </Link>
      ) : null}
      {last < total ? (
        <Link className="btn btn-sm" href={href(page + 1)}>
          Next
        </Link>
      ) : null}
    </nav>
  );
}

/** The page number from the address: a whole number from 1 (within the API's offset bound), else 1. */
export function pageOf(raw: string | undefined): number {
  const page = Number(raw);
  return Number.isInteger(page) && page >= 1 && page <= 4_000 ? page : 1;
}
