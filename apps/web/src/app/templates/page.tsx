// /templates: the workspace's email templates.
import type { Metadata } from "next";
import Link from "next/link";
import { NewTemplateButton } from "../../components/templates/new-template-button";
import { formatRelativeTime } from "../../components/ui/format";
import { getServerCaller } from "../../trpc/server-context";

export const metadata: Metadata = { title: "Templates" };
export const dynamic = "force-dynamic";

export default async function TemplatesPage() {
  const caller = await getServerCaller();
  const templates = await caller.templates.list();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p>Emails your journeys send, personalized with Liquid.</p>
        </div>
        <NewTemplateButton />
      </header>
      <section className="card">
        {templates.length === 0 ? (
          <div className="empty">
            <h2>No templates yet</h2>
            <p>Create a template, then pick it in a journey&apos;s email step.</p>
          </div>
        ) : (
          <table className="table" data-testid="templates-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Subject</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {templates.map((template) => (
                <tr key={template.id} data-testid="template-row">
                  <td>
                    <Link href={`/templates/${template.id}`} style={{ fontWeight: 600 }}>
                      {template.name}
                    </Link>
                  </td>
                  <td className="muted mono" style={{ fontSize: 12.5 }}>
                    {template.subject}
                  </td>
                  <td className="muted">{formatRelativeTime(template.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
