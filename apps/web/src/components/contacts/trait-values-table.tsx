// A contact's traits as a two-column table (name, value), sorted by name: the profile shows
// the traits it was sent and the computed traits the dispatcher keeps, both this way.
import u from "@/components/ui/utility.module.css";
import { TableHead } from "@/components/ui/list-parts";

/** A trait value as text: strings as they are, anything else as JSON. */
export function traitText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The traits sorted by name, as [key, value] pairs. */
export function sortedTraits(traits: Record<string, unknown>): [string, unknown][] {
  return Object.entries(traits).sort(([a], [b]) => a.localeCompare(b));
}

export function TraitValuesTable({ entries, rowTestId }: { entries: [string, unknown][]; rowTestId: string }) {
  return (
    <table className="table">
      <TableHead columns={["Trait", "Value"]} />
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} data-testid={rowTestId} data-trait={key}>
            <td className="mono">{key}</td>
            <td className={u.wrapAnywhere}>{traitText(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
