// A node kind's line icon, drawn inline from the path data in its canvas definition so the
// canvas needs no icon package.
import type { NodeKind } from "@mailstream/journey/schema";
import { getCanvasKind } from "@/components/canvas/kinds/registry";

export function KindIcon({ kind, size = 16 }: { kind: NodeKind; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {getCanvasKind(kind).icon.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
