// /journeys: every journey of the workspace with its status, live version and run counts.
import type { Metadata } from "next";
import Link from "next/link";
import { NewJourneyButton } from "@/components/journeys/new-journey-button";
import { formatCount, formatRelativeTime } from "@/components/ui/format";
import { ListCard, PageHeader, TableHead, type Column } from "@/components/ui/list-parts";
import { getServerCaller } from "@/trpc/server-context";
import u from "@/components/ui/utility.module.css";

export const metadata: Metadata = { title: "Journeys" };
export const dynamic = "force-dynamic";

/** The journeys table: counts right-aligned, the row's links last. */
const COLUMNS: readonly Column[] = [
  "Name",
  "Status",
  { label: "Version", num: true },
  { label: "Entered", num: true },
  { label: "Active", num: true },
  "Updated",
  { ariaLabel: "Actions" },
];

/** The buttons at the end of a journey's row: its editor, its runs and its metrics. */
const JOURNEY_LINKS = [
  { page: "edit", label: "Edit", testId: undefined },
  { page: "runs", label: "Runs", testId: "journey-runs-link" },
  { page: "metrics", label: "Metrics", testId: "journey-metrics-link" },
] as const;

export default async function JourneysPage() {
  const caller = await getServerCaller();
  const journeys = await caller.journeys.list();
  return (
    <div className="page">
      <PageHeader
        title="Journeys"
        description="Event-triggered email flows. Draw one, publish it, and watch contacts move through it."
        action={<NewJourneyButton />}
      />
      <ListCard
        isEmpty={journeys.length === 0}
        emptyTitle="No journeys yet"
        empty="Create your first journey to start sending emails when events arrive."
      >
        <table className="table" data-testid="journeys-table">
          <TableHead columns={COLUMNS} />
          <tbody>
            {journeys.map((journey) => (
              <tr key={journey.id} data-testid="journey-row" data-journey-id={journey.id}>
                <td>
                  <Link href={`/journeys/${journey.id}/edit`} className={u.strong}>
                    {journey.name}
                  </Link>
                </td>
                <td>
                  <span className={`badge badge-${journey.status}`}>{journey.status}</span>
                </td>
                <td className="num">{journey.liveVersion === null ? "—" : `v${journey.liveVersion}`}</td>
                <td className="num">{formatCount(journey.runsEntered)}</td>
                <td className="num">{formatCount(journey.runsActive)}</td>
                <td className="muted">{formatRelativeTime(journey.updatedAt)}</td>
                <td className={u.alignEnd}>
                  <span className={`row ${u.rowEnd}`}>
                    {JOURNEY_LINKS.map((link) => (
                      <Link
                        key={link.page}
                        className="btn btn-sm"
                        href={`/journeys/${journey.id}/${link.page}`}
                        data-testid={link.testId}
                      >
                        {link.label}
                      </Link>
                    ))}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListCard>
    </div>
  );
}
