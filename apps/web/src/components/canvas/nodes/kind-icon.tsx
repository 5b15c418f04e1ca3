// Small line icons for the node kinds, drawn inline so the canvas needs no icon package.
import type { NodeKind } from "@mailstream/journey/schema";

const PATHS: { [K in NodeKind]: string[] } = {
  trigger: ["M13 2 4 14h7l-1 8 9-12h-7l1-8z"],
  wait: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M12 7v5l3 2"],
  email: ["M3 6h18v12H3z", "m3 7 9 6 9-6"],
  branch: ["M6 3v6", "M6 9c0 5 12 3 12 9", "M6 9c0 5-0 6 0 12", "M18 18v3"],
  split: ["M12 3v6", "m12 9-7 7", "m12 9 7 7", "M12 9v12"],
  webhook: ["M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7", "M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7"],
  update_contact: ["M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M4 21v-1a6 6 0 0 1 9-5.2", "m17 14 4 4-4 4"],
  exit: ["M5 21V4", "M5 4h12l-2.5 4L17 12H5"],
};

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
      {PATHS[kind].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
