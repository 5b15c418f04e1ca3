"use client";
// Workspace overview, live over the shared `overviewLive` stream: events/s in, active runs,
// emails/min, delivery/bounce/complaint rates over 24 h, alerts and their settings,
// journeys by conversions.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { formatCount } from "@/components/ui/format";
import { TableHead, type Column } from "@/components/ui/list-parts";
import { AlertSettingsForm } from "./alert-settings-form";
import { AlertsList } from "./alerts-list";
import { CsvButton } from "./csv-button";
import { StatCard } from "./stat-card";
import { formatRate, ratio } from "./rates";
import styles from "./metrics.module.css";

/** The journeys-by-conversions table: counts and the rate right-aligned. */
const JOURNEY_COLUMNS: readonly Column[] = [
  "Journey",
  "Status",
  { label: "Entered", num: true },
  { label: "Converted", num: true },
  { label: "Conversion rate", num: true },
];

export function WorkspaceOverviewView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.metrics.overview.queryOptions();
  const overview = useQuery(options);
  useSubscription(
    trpc.metrics.overviewLive.subscriptionOptions(undefined, {
      onData: (data) => queryClient.setQueryData(options.queryKey, data),
    }),
  );
  const o = overview.data;
  const w = o?.window;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p>What is flowing through this workspace right now. Rates cover the last {w?.hours ?? 24} hours.</p>
        </div>
      </header>
      <section className={styles.overviewCards} aria-label="Workspace pulse">
        <StatCard
          label="Events in"
          value={o ? o.eventsPerSecond.toFixed(1) : "–"}
          sub="per second (last minute)"
          testId="overview-events"
        />
        <StatCard
          label="Active runs"
          value={o ? formatCount(o.activeRuns) : "–"}
          sub="contacts in journeys now"
          testId="overview-active"
        />
        <StatCard
          label="Emails"
          value={o ? o.emailsPerMinute.toFixed(1) : "–"}
          sub="per minute (last 15 min)"
          testId="overview-emails"
        />
        <StatCard
          label="Delivered"
          value={w ? formatRate(ratio(w.delivered, w.sent)) : "–"}
          sub={`of ${formatCount(w?.sent ?? 0)} sent`}
          testId="overview-delivered"
        />
        <StatCard
          label="Bounced"
          value={w ? formatRate(ratio(w.bounced, w.sent), 2) : "–"}
          sub={`${formatCount(w?.bounced ?? 0)} emails`}
          testId="overview-bounced"
        />
        <StatCard
          label="Complaints"
          value={w ? formatRate(ratio(w.complained, w.sent), 2) : "–"}
          sub={`${formatCount(w?.complained ?? 0)} emails`}
          testId="overview-complaints"
        />
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Alerts</h2>
        </div>
        <AlertsList />
      </section>
      <AlertSettingsForm />
      <section className="card">
        <div className="card-header">
          <h2>Journeys by conversions</h2>
          <CsvButton
            filename="journeys-by-conversions.csv"
            header={["Journey", "Status", "Entered", "Converted", "Conversion rate"]}
            rows={() =>
              (o?.journeys ?? []).map((j) => [j.name, j.status, j.entered, j.converted, ratio(j.converted, j.entered)])
            }
            testId="overview-journeys-csv"
          />
        </div>
        <table className="table" data-testid="overview-journeys">
          <TableHead columns={JOURNEY_COLUMNS} />
          <tbody>
            {(o?.journeys ?? []).map((j) => (
              <tr key={j.journeyId}>
                <td>
                  <Link href={`/journeys/${j.journeyId}/metrics`}>{j.name}</Link>
                </td>
                <td>
                  <span className={`badge badge-${j.status}`}>{j.status}</span>
                </td>
                <td className="num">{formatCount(j.entered)}</td>
                <td className="num">{formatCount(j.converted)}</td>
                <td className="num">{formatRate(ratio(j.converted, j.entered))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
