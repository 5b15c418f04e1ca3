// /journeys: the workspace's journeys with status, live version, run counts and tags; searched
// by name, filtered by status and tag (in the address), a page at a time; renamed, duplicated,
// tagged and deleted from their row.
import type { Metadata } from "next";
import Link from "next/link";
import { NewJourneyButton } from "@/components/journeys/new-journey-button";
import { Can } from "@/components/shell/permissions";
import { ItemActions } from "@/components/lists/item-actions";
import { ListFilters } from "@/components/lists/list-filters";
import { Pager, pageOf } from "@/components/lists/pager";
import { TagEditor } from "@/components/lists/tag-editor";
import lists from "@/components/lists/lists.module.css";
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

const STATUSES = ["draft", "live", "paused", "archived"] as const;
const PAGE_SIZE = 25;

type Search = { q?: string; status?: string; tag?: string; page?: string };

export default async function JourneysPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const filters = { q: params.q ?? "", status: params.status ?? "", tag: params.tag ?? "" };
  const status = STATUSES.find((s) => s === filters.status);
  const page = pageOf(params.page);
  const caller = await getServerCaller();
  const result = await caller.journeys.search({
    search: filters.q.slice(0, 200) || undefined,
    status,
    tag: filters.tag.trim().slice(0, 32) || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const journeys = result.items;
  const isFiltered = filters.q !== "" || status !== undefined || filters.tag !== "";
  return (
    <div className="page">
      <PageHeader
        title="Journeys"
        description="Event-triggered email flows. Draw one, publish it, and watch contacts move through it."
        action={<NewJourneyButton />}
      />
      <ListFilters
        action="/journeys"
        values={filters}
        statuses={STATUSES}
        tags={result.tags}
        searchLabel="Search journeys by name"
      />
      <ListCard
        isEmpty={journeys.length === 0}
        emptyTitle={isFiltered ? "No journeys match" : "No journeys yet"}
        empty={
          isFiltered
            ? "Try another name, status or tag, or clear the filters."
            : "Create your first journey to start sending emails when events arrive."
        }
      >
        <table className="table" data-testid="journeys-table">
          <TableHead columns={COLUMNS} />
          <tbody>
            {journeys.map((journey) => (
              <tr key={journey.id} data-testid="journey-row" data-journey-id={journey.id}>
                <td>
                  <span className={lists.name}>
                    <Link href={`/journeys/${journey.id}/edit`} className={u.strong}>
                      {journey.name}
                    </Link>
                    <TagEditor kind="journey" id={journey.id} tags={journey.tags} />
                  </span>
                </td>
                <td>
                  <span className={`badge badge-${journey.status}`}>{journey.status}</span>
                </td>
                <td className="num">{journey.liveVersion === null ? "—" : `v${journey.liveVersion}`}</td>
                <td className="num">{formatCount(journey.runsEntered)}</td>
                <td className="num">{formatCount(journey.runsActive)}</td>
                <td className="muted">{formatRelativeTime(journey.updatedAt)}</td>
                <td className={u.alignEnd}>
                  <span className={lists.actions}>
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
                    <Can permission="journeys:write">
                      <ItemActions kind="journey" id={journey.id} name={journey.name} />
                    </Can>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager path="/journeys" params={filters} page={page} pageSize={PAGE_SIZE} total={result.total} />
      </ListCard>
    </div>
  );
}
