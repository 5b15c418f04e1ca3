// /templates: the workspace's email templates, searched by name and filtered by tag (in the
// address), a page at a time; renamed, duplicated, tagged and deleted from their row; then the partials.
import type { Metadata } from "next";
import Link from "next/link";
import { Can } from "@/components/shell/permissions";
import { ItemActions } from "@/components/lists/item-actions";
import { ListFilters } from "@/components/lists/list-filters";
import { Pager, pageOf } from "@/components/lists/pager";
import { TagEditor } from "@/components/lists/tag-editor";
import lists from "@/components/lists/lists.module.css";
import { NewPartialButton } from "@/components/templates/new-partial-button";
import { NewTemplateButton } from "@/components/templates/new-template-button";
import { formatRelativeTime } from "@/components/ui/format";
import { ListCard, PageHeader, TableHead } from "@/components/ui/list-parts";
import { getServerCaller } from "@/trpc/server-context";
import styles from "./page.module.css";
import u from "@/components/ui/utility.module.css";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

type Search = { q?: string; tag?: string; page?: string };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const filters = { q: params.q ?? "", status: "", tag: params.tag ?? "" };
  const page = pageOf(params.page);
  const caller = await getServerCaller();
  const [result, partials] = await Promise.all([
    caller.templates.search({
      search: filters.q.slice(0, 200) || undefined,
      tag: filters.tag.trim().slice(0, 32) || undefined,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    caller.templates.partials.list(),
  ]);
  const templates = result.items;
  const isFiltered = filters.q !== "" || filters.tag !== "";
  return (
    <div className="page">
      <PageHeader
        title="Templates"
        description="Emails your journeys send, personalized with Liquid."
        action={<NewTemplateButton />}
      />
      <ListFilters action="/templates" values={filters} tags={result.tags} searchLabel="Search templates by name" />
      <ListCard
        isEmpty={templates.length === 0}
        emptyTitle={isFiltered ? "No templates match" : "No templates yet"}
        empty={
          isFiltered
            ? "Try another name or tag, or clear the filters."
            : "Create a template, then pick it in a journey's email step."
        }
      >
        <table className="table" data-testid="templates-table">
          <TableHead columns={["Name", "Subject", "Updated", { ariaLabel: "Actions" }]} />
          <tbody>
            {templates.map((template) => (
              <tr key={template.id} data-testid="template-row" data-template-id={template.id}>
                <td>
                  <span className={lists.name}>
                    <Link href={`/templates/${template.id}`} className={u.strong}>
                      {template.name}
                    </Link>
                    <TagEditor kind="template" id={template.id} tags={template.tags} />
                  </span>
                </td>
                <td className={`muted mono ${styles.smallMono}`}>{template.subject}</td>
                <td className="muted">{formatRelativeTime(template.updatedAt)}</td>
                <td className={u.alignEnd}>
                  <Can permission="templates:write">
                    <span className={`row ${u.rowEnd}`}>
                      <ItemActions kind="template" id={template.id} name={template.name} />
                    </span>
                  </Can>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager
          path="/templates"
          params={{ q: filters.q, tag: filters.tag }}
          page={page}
          pageSize={PAGE_SIZE}
          total={result.total}
        />
      </ListCard>
      <header className={`page-header ${styles.sectionHeader}`}>
        <div>
          <h2>Partials</h2>
          <p>
            Shared blocks (header, footer) that templates include; a journey picks up partial edits when it is published
            again.
          </p>
        </div>
        <NewPartialButton />
      </header>
      <ListCard isEmpty={partials.length === 0} empty="No partials yet.">
        <table className="table" data-testid="partials-table">
          <TableHead columns={["Name", "Updated"]} />
          <tbody>
            {partials.map((partial) => (
              <tr key={partial.id}>
                <td>
                  <Link href={`/templates/partials/${partial.id}`} className={u.strong}>
                    {partial.name}
                  </Link>
                </td>
                <td className="muted">{formatRelativeTime(partial.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ListCard>
    </div>
  );
}
