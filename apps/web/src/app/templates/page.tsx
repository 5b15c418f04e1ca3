// /templates: the workspace's email templates.
import type { Metadata } from "next";
import Link from "next/link";
import { NewPartialButton } from "@/components/templates/new-partial-button";
import { NewTemplateButton } from "@/components/templates/new-template-button";
import { formatRelativeTime } from "@/components/ui/format";
import { ListCard, PageHeader, TableHead } from "@/components/ui/list-parts";
import { getServerCaller } from "@/trpc/server-context";
import styles from "./page.module.css";
import u from "@/components/ui/utility.module.css";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function TemplatesPage() {
  const caller = await getServerCaller();
  const [templates, partials] = await Promise.all([caller.templates.list(), caller.templates.partials.list()]);
  return (
    <div className="page">
      <PageHeader
        title="Templates"
        description="Emails your journeys send, personalized with Liquid."
        action={<NewTemplateButton />}
      />
      <ListCard
        isEmpty={templates.length === 0}
        emptyTitle="No templates yet"
        empty="Create a template, then pick it in a journey's email step."
      >
        <table className="table" data-testid="templates-table">
          <TableHead columns={["Name", "Subject", "Updated"]} />
          <tbody>
            {templates.map((template) => (
              <tr key={template.id} data-testid="template-row">
                <td>
                  <Link href={`/templates/${template.id}`} className={u.strong}>
                    {template.name}
                  </Link>
                </td>
                <td className={`muted mono ${styles.smallMono}`}>{template.subject}</td>
                <td className="muted">{formatRelativeTime(template.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
