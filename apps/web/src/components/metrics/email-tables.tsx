"use client";
// Email metrics per email node and per template: counts with rates, the links clicked, and
// a CSV export of each table. CountsTable and LinksTable also serve the template page.
import Link from "next/link";
import type { ReactNode } from "react";
import { formatCount } from "@/components/ui/format";
import { EmptyRow } from "@/components/ui/list-parts";
import type { CsvCell } from "./csv";
import { CsvButton } from "./csv-button";
import type { EmailCountsView, EmailNodeView } from "./metrics-types";
import { emailRates, formatRate } from "./rates";
import styles from "./metrics.module.css";

const COLUMNS: { key: keyof EmailCountsView; label: string; rate?: keyof ReturnType<typeof emailRates> }[] = [
  { key: "sent", label: "Sent" },
  { key: "delivered", label: "Delivered", rate: "delivered" },
  { key: "opened_unique", label: "Opened (unique)", rate: "opened" },
  { key: "opened", label: "Opens (total)" },
  { key: "clicked_unique", label: "Clicked (unique)", rate: "clicked" },
  { key: "clicked", label: "Clicks (total)" },
  { key: "bounced_unique", label: "Bounced", rate: "bounced" },
  { key: "complained_unique", label: "Complained", rate: "complained" },
  { key: "unsubscribed_unique", label: "Unsubscribed", rate: "unsubscribed" },
  { key: "converted", label: "Converted", rate: "converted" },
];

export interface CountsRow {
  id: string;
  label: string;
  /** What the first cell shows (a link, say); the label when absent. CSV always uses the label. */
  cell?: ReactNode;
  counts: EmailCountsView;
}
type Row = CountsRow;

function csvRows(rows: readonly Row[]): CsvCell[][] {
  return rows.map((row) => {
    const rates = emailRates(row.counts);
    return [
      row.label,
      ...COLUMNS.flatMap((c) => [row.counts[c.key], c.rate ? (rates[c.rate] ?? "") : null].filter((v) => v !== null)),
    ];
  });
}

const CSV_HEADER = COLUMNS.flatMap((c) => (c.rate ? [c.label, `${c.label} rate`] : [c.label]));

export function CountsTable(props: {
  title: string;
  firstColumn: string;
  rows: Row[];
  testId: string;
  filename: string;
}) {
  return (
    <section className="card">
      <div className="card-header">
        <h2>{props.title}</h2>
        <CsvButton
          filename={props.filename}
          header={[props.firstColumn, ...CSV_HEADER]}
          rows={() => csvRows(props.rows)}
          testId={`${props.testId}-csv`}
        />
      </div>
      {/* Focusable, so a keyboard can scroll it when it is wider than the card. */}
      <div className={styles.scroll} role="region" aria-label={props.title} tabIndex={0}>
        <table className={`table ${styles.countsTable}`} data-testid={props.testId}>
          <thead>
            <tr>
              <th>{props.firstColumn}</th>
              {COLUMNS.map((c) => (
                <th key={c.key} className="num">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => {
              const rates = emailRates(row.counts);
              return (
                <tr key={row.id} data-testid={`${props.testId}-row-${row.id}`}>
                  <td>{row.cell ?? row.label}</td>
                  {COLUMNS.map((c) => (
                    <td key={c.key} className="num" data-testid={`${props.testId}-${row.id}-${c.key}`}>
                      {formatCount(row.counts[c.key])}
                      {c.rate ? <div className="faint">{formatRate(rates[c.rate])}</div> : null}
                    </td>
                  ))}
                </tr>
              );
            })}
            {props.rows.length === 0 ? (
              <EmptyRow colSpan={COLUMNS.length + 1}>No emails sent in this range.</EmptyRow>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function sumCounts(a: EmailCountsView, b: EmailCountsView): EmailCountsView {
  const out = { ...a };
  for (const key of Object.keys(b) as (keyof EmailCountsView)[]) out[key] += b[key];
  return out;
}

/** The step's label, with the template's name only when the label does not already say it. */
function stepLabel(node: string, template: string | null): string {
  return template && !node.includes(template) ? `${node} · ${template}` : node;
}

export function EmailTables(props: {
  emails: readonly EmailNodeView[];
  nodeLabels: ReadonlyMap<string, string>;
  templateNames: ReadonlyMap<string, string>;
  filenamePrefix: string;
}) {
  const { emails, nodeLabels, templateNames } = props;
  const byNode: Row[] = emails.map((e) => ({
    id: `${e.nodeId}`,
    label: stepLabel(
      nodeLabels.get(e.nodeId) ?? e.nodeId,
      e.templateId ? (templateNames.get(e.templateId) ?? "template") : null,
    ),
    counts: e.counts,
  }));
  const templates = new Map<string, Row>();
  for (const e of emails) {
    const id = e.templateId ?? "deleted";
    const existing = templates.get(id);
    templates.set(id, {
      id,
      label: e.templateId ? (templateNames.get(e.templateId) ?? e.templateId) : "Deleted template",
      cell: e.templateId ? (
        <Link href={`/templates/${e.templateId}/metrics`} title="This template across every journey">
          {templateNames.get(e.templateId) ?? e.templateId}
        </Link>
      ) : undefined,
      counts: existing ? sumCounts(existing.counts, e.counts) : e.counts,
    });
  }
  const links = emails.flatMap((e) =>
    e.links.map((l) => ({ ...l, node: nodeLabels.get(e.nodeId) ?? e.nodeId, sent: e.counts.sent })),
  );
  const slug = props.filenamePrefix;
  return (
    <>
      <CountsTable
        title="Emails by step"
        firstColumn="Email step"
        rows={byNode}
        testId="email-nodes"
        filename={`${slug}-email-steps.csv`}
      />
      <CountsTable
        title="Emails by template"
        firstColumn="Template"
        rows={[...templates.values()]}
        testId="email-templates"
        filename={`${slug}-templates.csv`}
      />
      <LinksTable links={links} filename={`${props.filenamePrefix}-links.csv`} />
    </>
  );
}

interface LinkRow {
  /** The email step (journey page) or journey (template page) the link was sent from; omitted when summed. */
  node?: string;
  url: string;
  clicks: number;
  uniqueClicks: number;
  sent: number;
}

export function LinksTable({ links, filename }: { links: readonly LinkRow[]; filename: string }) {
  const hasNode = links.some((l) => l.node !== undefined);
  return (
    <section className="card">
      <div className="card-header">
        <h2>Links clicked</h2>
        <CsvButton
          filename={filename}
          header={[...(hasNode ? ["Email step"] : []), "URL", "Clicks (total)", "Clicked (unique)", "Click rate"]}
          rows={() =>
            links.map((l) => [
              ...(hasNode ? [l.node] : []),
              l.url,
              l.clicks,
              l.uniqueClicks,
              l.sent > 0 ? l.uniqueClicks / l.sent : "",
            ])
          }
          testId="email-links-csv"
        />
      </div>
      <table className="table" data-testid="email-links">
        <thead>
          <tr>
            {hasNode ? <th>Email step</th> : null}
            <th>URL</th>
            <th className="num">Clicks (total)</th>
            <th className="num">Clicked (unique)</th>
            <th className="num">Click rate</th>
          </tr>
        </thead>
        <tbody>
          {links.map((l) => (
            <tr key={`${l.node ?? ""}:${l.url}`}>
              {hasNode ? <td>{l.node}</td> : null}
              <td className={styles.url}>{l.url}</td>
              <td className="num">{formatCount(l.clicks)}</td>
              <td className="num">{formatCount(l.uniqueClicks)}</td>
              <td className="num">{formatRate(l.sent > 0 ? l.uniqueClicks / l.sent : null)}</td>
            </tr>
          ))}
          {links.length === 0 ? <EmptyRow colSpan={hasNode ? 5 : 4}>No tracked clicks yet.</EmptyRow> : null}
        </tbody>
      </table>
    </section>
  );
}
