"use client";
// The one "Export CSV" button every metrics table uses: rows are built on click, so a live
// table exports exactly what it shows at that moment.
import { downloadCsv, type CsvCell } from "./csv";

export function CsvButton(props: {
  filename: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
  testId?: string;
}) {
  return (
    <button
      type="button"
      className="btn btn-sm"
      data-testid={props.testId}
      onClick={() => downloadCsv(props.filename, props.header, props.rows())}
    >
      Export CSV
    </button>
  );
}

/** A file-name-safe slug for export names. */
export function csvSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "export"
  );
}
