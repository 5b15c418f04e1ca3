"use client";
// A journey's published versions, newest first: which one new contacts enter (live), when
// each was published, and how many runs are still walking it.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";
import { formatCount, formatDateTime } from "@/components/ui/format";
import u from "@/components/ui/utility.module.css";

export function VersionsCard({ journeyId }: { journeyId: string }) {
  const trpc = useTRPC();
  const versions = useQuery({ ...trpc.journeys.versions.queryOptions({ journeyId }), refetchInterval: 5_000 });
  return (
    <section className="card" data-testid="journey-versions">
      <div className="card-header">
        <h2>Versions</h2>
      </div>
      {versions.error ? <div className="card-body alert alert-error">{versions.error.message}</div> : null}
      {versions.data?.length === 0 ? (
        <div className="card-body muted">
          Not published yet: publish the journey from the editor to create version 1.
        </div>
      ) : null}
      {versions.data && versions.data.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th className="num">Active runs</th>
            </tr>
          </thead>
          <tbody>
            {versions.data.map((v) => (
              <tr key={v.id} data-testid="version-row">
                <td>
                  <span className={u.strong}>v{v.version}</span>{" "}
                  {v.isLive ? <span className="badge badge-live">new entrants</span> : null}
                </td>
                <td className="muted">{formatDateTime(v.publishedAt)}</td>
                <td className="num">{formatCount(v.activeRuns)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
