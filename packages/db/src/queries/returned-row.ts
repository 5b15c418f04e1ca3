// The one row an INSERT … RETURNING must give back. Postgres always returns the inserted row,
// so none is a bug in the query, not a user error: it throws a plain Error naming the insert.
export function returnedRow<T>(rows: T[], insert: string): T {
  const [row] = rows;
  if (!row) throw new Error(`${insert} returned no row`);
  return row;
}
