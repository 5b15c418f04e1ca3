// Periodic snapshots of each segment's member count, for the size-over-time chart.
import { bigserial, index, integer, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { segments } from "./segments";

export const segmentSizeSnapshots = pgTable(
  "segment_size_snapshots",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    segmentId: uuid("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    takenAt: timestamp("taken_at", { withTimezone: true }).notNull().defaultNow(),
    size: integer("size").notNull(),
  },
  (t) => [index("segment_size_snapshots_segment_idx").on(t.segmentId, t.takenAt)],
);
