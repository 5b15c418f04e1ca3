"use client";
// The profile's computed traits: values the dispatcher keeps current from the contact's
// events (definitions live on /contacts/computed-traits).
import Link from "next/link";
import u from "@/components/ui/utility.module.css";

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function ComputedTraitsCard({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="card" data-testid="contact-computed-traits">
      <div className="card-header">
        <h2>Computed traits</h2>
        <Link href="/contacts/computed-traits" className="btn btn-sm">
          Define
        </Link>
      </div>
      {entries.length === 0 ? (
        <div className="card-body muted">No computed trait has a value for this contact yet.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Trait</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key} data-testid="computed-trait-row" data-trait={key}>
                <td className="mono">{key}</td>
                <td className={u.wrapAnywhere}>{show(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
