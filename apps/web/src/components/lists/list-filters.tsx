// The filter row above a list: name search, status (journeys) and tag, as a plain GET form, so
// the filters live in the address (shareable, back-button friendly) and the server does the work.
import Link from "next/link";
import styles from "./lists.module.css";

export interface ListFilterValues {
  q: string;
  status: string;
  tag: string;
}

export function ListFilters(props: {
  action: string;
  values: ListFilterValues;
  /** Status choices; none for a list without statuses. */
  statuses?: readonly string[];
  tags: readonly string[];
  searchLabel: string;
}) {
  const { values } = props;
  const isFiltered = values.q !== "" || values.status !== "" || values.tag !== "";
  return (
    <form className={styles.filters} action={props.action} method="get" role="search" data-testid="list-filters">
      <input
        className={`input ${styles.search}`}
        type="search"
        name="q"
        aria-label={props.searchLabel}
        placeholder={props.searchLabel}
        defaultValue={values.q}
        maxLength={200}
      />
      {props.statuses ? (
        <select className="input" name="status" aria-label="Status" defaultValue={values.status}>
          <option value="">All statuses</option>
          {props.statuses.map((status) => (
            <option key={status} value={status}>
              {status[0]?.toUpperCase()}
              {status.slice(1)}
            </option>
          ))}
        </select>
      ) : null}
      <select className="input" name="tag" aria-label="Tag" defaultValue={values.tag}>
        <option value="">All tags</option>
        {props.tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <button type="submit" className="btn">
        Filter
      </button>
      {isFiltered ? (
        <Link href={props.action} className="btn btn-sm">
          Clear
        </Link>
      ) : null}
    </form>
  );
}
