// Opaque keyset cursors for the contact reads: base64url JSON of the last row's sort key.
// Opaque so clients cannot depend on the sort columns; validated so a forged one is a 400.
// The time travels as Postgres' own text (microseconds): a JS Date would cut it to
// milliseconds and a page boundary inside one millisecond would skip rows.
import { and, lt, or, sql, type Column, type SQL } from "drizzle-orm";

export class InvalidCursorError extends Error {
  constructor() {
    super("cursor is not one this API returned; pass nextCursor from the previous page unchanged");
    this.name = "InvalidCursorError";
  }
}

/** Sort key of the last row on a page: the time as Postgres text and a unique tiebreaker. */
export interface KeysetPosition {
  at: string;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string"
    ) {
      const [at, id] = parsed as [string, string];
      if (/^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:?\d\d)?|Z)?$/.test(at) && /^[0-9a-f-]{1,40}$/i.test(id))
        return { at, id };
    }
  } catch {
    // fall through: any decoding failure is the same client error
  }
  throw new InvalidCursorError();
}

/** The selected column that carries a row's sort time at full precision. */
export function cursorTime(column: Column): SQL<string> {
  return sql<string>`${column}::text`;
}

/** Rows strictly after `cursor` in (time desc, id desc) order. */
export function afterCursor(
  timeColumn: Column,
  idColumn: Column | SQL,
  cursor: KeysetPosition | null,
  id: unknown = cursor?.id,
) {
  if (!cursor) return undefined;
  return or(
    sql`${timeColumn} < ${cursor.at}::timestamptz`,
    and(sql`${timeColumn} = ${cursor.at}::timestamptz`, lt(idColumn as Column, id)),
  );
}

/** Cuts a `limit + 1` fetch to a page, derives the next cursor and drops the helper column. */
export function toPage<T extends { cursorAt: string }>(
  rows: T[],
  limit: number,
  idOf: (row: T) => string,
): { data: Omit<T, "cursorAt">[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const data = page.map(({ cursorAt: _omit, ...rest }) => rest);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.cursorAt, id: idOf(last) }) : null };
}
