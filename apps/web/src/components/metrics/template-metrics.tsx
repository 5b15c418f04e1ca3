"use client";
// One template across every journey that sends it: totals with rates, the chart, a row per
// journey and the links clicked. Refetched every 5 s rather than pushed: this page is
// opened rarely, and polling keeps it off the live hub that journey dashboards share.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useTRPC } from "@/trpc/client";
import { formatCount } from "@/components/ui/format";
import { csvSlug } from "./csv-button";
import { EmailChart } from "./email-chart";
import { CountsTable, LinksTable, type CountsRow } from "./email-tables";
import { DEFAULT_FILTER, MetricsFilters, type MetricsFilterState } from "./metrics-filters";
import styles from "./metrics.module.css";
import { StatCard } from "./stat-card";
import type { EmailCountsView } from "./metrics-types";
import { emailRates, formatRate } from "./rates";

export function TemplateMetricsView({ templateId }: { templateId: string }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<MetricsFilterState>(DEFAULT_FILTER);
  const queryClient = useQueryClient();
  const input = { templateId, range: filter.range, grain: filter.grain, from: filter.from, to: filter.to };
  const options = trpc.metrics.template.queryOptions(input);
  const metrics = useQuery({ ...options, placeholderData: keepPreviousData });
  // Pushed within a second of a change (no polling per open page).
  useSubscription(
    trpc.metrics.templateLive.subscriptionOptions(input, {
      onData: (data) => queryClient.setQueryData(options.queryKey, data),
    }),
  );
  const data = metrics.data;
  const rows: CountsRow[] = useMemo(
    () =>
      (data?.journeys ?? []).map((j) => ({
        id: j.journeyId,
        label: j.journeyName,
        cell: <Link href={`/journeys/${j.journeyId}/metrics`}>{j.journeyName}</Link>,
        counts: j.counts,
      })),
    [data],
  );
  const total = useMemo(() => {
    const sum = Object.fromEntries(Object.keys(rows[0]?.counts ?? {}).map((k) => [k, 0])) as EmailCountsView;
    for (const row of rows)
      for (const key of Object.keys(row.counts) as (keyof EmailCountsView)[]) sum[key] += row.counts[key];
    return rows.length > 0 ? sum : null;
  }, [rows]);
  const rates = total ? emailRates(total) : null;

  if (metrics.isError) {
    return (
      <div className="page">
        <h1>Cannot show this template’s metrics</h1>
        <p className="muted">{metrics.error.message}</p>
      </div>
    );
  }
  const name = data?.template.name ?? "Template";
  const slug = csvSlug(name);
  return (
    <div className="page">
      <div className="breadcrumb">
        <Link href="/templates">Templates</Link> / <Link href={`/templates/${templateId}`}>{name}</Link>
      </div>
      <header className="page-header">
        <div>
          <h1>{name} · Metrics</h1>
          <p>
            Every send of this template, across all journeys{data ? ` (subject “${data.template.subject}”)` : ""}.
            Refreshes every 5 seconds.
          </p>
        </div>
        <Link className="btn" href={`/templates/${templateId}`}>
          Edit template
        </Link>
      </header>
      <MetricsFilters value={filter} onChange={setFilter} />
      <section className={styles.cards} aria-label="Template totals">
        <StatCard
          label="Sent"
          value={total ? formatCount(total.sent) : "–"}
          sub={`from ${rows.length} journey(s)`}
          testId="tpl-sent"
        />
        <StatCard
          label="Opened (unique)"
          value={formatRate(rates?.opened ?? null)}
          sub={`${formatCount(total?.opened_unique ?? 0)} · ${formatCount(total?.opened ?? 0)} opens in all`}
          testId="tpl-opened"
        />
        <StatCard
          label="Clicked (unique)"
          value={formatRate(rates?.clicked ?? null)}
          sub={`${formatCount(total?.clicked_unique ?? 0)} · ${formatCount(total?.clicked ?? 0)} clicks in all`}
          testId="tpl-clicked"
        />
        <StatCard
          label="Bounced"
          value={formatRate(rates?.bounced ?? null, 2)}
          sub={`${formatCount(total?.bounced_unique ?? 0)} emails · complaints ${formatRate(rates?.complained ?? null, 2)} (${formatCount(total?.complained_unique ?? 0)})`}
          testId="tpl-health"
        />
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Email activity</h2>
          <span className="faint">All journeys sending this template</span>
        </div>
        <EmailChart series={data?.series ?? []} grain={filter.grain} />
      </section>
      <CountsTable
        title="By journey"
        firstColumn="Journey"
        rows={
          total
            ? [...rows, { id: "total", label: "All journeys", cell: <strong>All journeys</strong>, counts: total }]
            : rows
        }
        testId="template-journeys"
        filename={`${slug}-by-journey.csv`}
      />
      <LinksTable
        links={(data?.links ?? []).map((l) => ({ ...l, sent: total?.sent ?? 0 }))}
        filename={`${slug}-links.csv`}
      />
    </div>
  );
}
