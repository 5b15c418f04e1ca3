// The journey gallery: the ready-made journeys "New journey → Start from the gallery" offers,
// one file per journey beside this one, and the summary each card shows.
import { isAnnotation, NODE_KIND_LABELS, NODE_KINDS, type NodeKind } from "@mailstream/journey/schema";
import type { GalleryEntry, GalleryEvent } from "./gallery-entry";
import { abandonedCart } from "./abandoned-cart";
import { browseAbandonment } from "./browse-abandonment";
import { postPurchaseReview } from "./post-purchase-review";
import { reEngagement } from "./re-engagement";
import { welcomeSeries } from "./welcome-series";
import { winBack } from "./win-back";

/** In the order the gallery shows them: the journey a new workspace usually wants first, first. */
export const GALLERY: readonly GalleryEntry[] = [
  welcomeSeries,
  abandonedCart,
  browseAbandonment,
  winBack,
  reEngagement,
  postPurchaseReview,
];

export function findGalleryEntry(galleryId: string): GalleryEntry | null {
  return GALLERY.find((entry) => entry.id === galleryId) ?? null;
}

export interface GallerySummary {
  id: string;
  name: string;
  description: string;
  events: GalleryEvent[];
  /** The card's preview: how many steps, and how many of each kind ("3 Email", "2 Wait"). */
  stepCount: number;
  kinds: { kind: NodeKind; label: string; count: number }[];
  templateCount: number;
  testCaseCount: number;
}

export function summarizeGalleryEntry(entry: GalleryEntry): GallerySummary {
  const counts = new Map<NodeKind, number>();
  const steps = entry.graph.nodes.filter((node) => !isAnnotation(node.data));
  for (const node of steps) counts.set(node.data.kind, (counts.get(node.data.kind) ?? 0) + 1);
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    events: entry.events,
    stepCount: steps.length,
    // In the palette's order, so every card reads the same way (Trigger, Wait, Branch, …).
    kinds: NODE_KINDS.flatMap((kind) => {
      const count = counts.get(kind);
      return count ? [{ kind, label: NODE_KIND_LABELS[kind], count }] : [];
    }),
    templateCount: Object.keys(entry.templates).length,
    testCaseCount: entry.tests.cases.length,
  };
}

export function listGallery(): GallerySummary[] {
  return GALLERY.map(summarizeGalleryEntry);
}
