// A node kind's line icon, drawn inline from the path data in its canvas definition so the
// canvas needs no icon package.
import type { NodeKind } from "@mailstream/journey/schema";
import { getCanvasKind } from "@/components/canvas/kinds/registry";
import { LineIcon } from "@/components/ui/line-icon";

export function KindIcon({ kind, size = 16 }: { kind: NodeKind; size?: number }) {
  return <LineIcon paths={getCanvasKind(kind).icon} size={size} />;
}
