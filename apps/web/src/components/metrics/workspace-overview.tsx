"use client";
// Workspace overview, live over the shared `overviewLive` stream: events/s in, active runs,
// emails/min, delivery/bounce/complaint rates over 24 h, alerts and their settings, recent
// broadcasts, journeys by conversions.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@mailstream/api";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useTRPC } from "@/trpc/client";
import { RecentBroadcastsCard } from "@/components/broadcasts/broadcasts-list";
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

type Overview = inferRouterOutputs<AppRouter>["metrics"]["overview"];

/** The pulse cards, each "–" until the first answer arrives. */
function pulseCards(o: Overview | undefined) {
  const w = o?.window;
  const fixed = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(1));
  const rate = (count: number | undefined, digits?: number) =>
    w ? formatRate(ratio(count ?? 0, w.sent), digits) : "–";
  return [
    { id: "events", label: "Events in", value: fixed(o?.eventsPerSecond), sub: "per second (last minute)" },
    { id: "active", label: "Active runs", value: o ? formatCount(o.activeRuns) : "–", sub: "contacts in journeys now" },
    { id: "emails", label: "Emails", value: fixed(o?.emailsPerMinute), sub: "per minute (last 15 min)" },
    { id: "delivered", label: "Delivered", value: rate(w?.delivered), sub: `of ${formatCount(w?.sent ?? 0)} sent` },
    { id: "bounced", label: "Bounced", value: rate(w?.bounced, 2), sub: `${formatCount(w?.bounced ?? 0)} emails` },
    {
      id: "complaints",
      label: "Complaints",
      value: rate(w?.complained, 2),
      sub: `${formatCount(w?.complained ?? 0)} emails`,
    },
  ];
}

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
        {pulseCards(o).map((card) => (
          <StatCard key={card.id} label={card.label} value={card.value} sub={card.sub} testId={`overview-${card.id}`} />
        ))}
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Alerts</h2>
        </div>
        <AlertsList />
      </section>
      <AlertSettingsForm />
      <RecentBroadcastsCard />
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
