// Erasure tombstones: "events of this identity up to seq N belong to an erased contact".
// The dispatcher checks them after applying an event, so an event it had already claimed
// when the erasure ran cannot bring the erased contact back. The identity is a hash
// (sha256 of workspace, kind and id), never the userId itself.
import { bigint, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { workspaceIdColumn } from "./workspace-column";

export const erasureTombstones = pgTable(
  "erasure_tombstones",
  {
    workspaceId: workspaceIdColumn(),
    /** sha256(`${workspaceId}:u:${userId}`) or sha256(`${workspaceId}:a:${anonymousId}`). */
    identityHash: text("identity_hash").notNull(),
    /** The highest event seq at erasure time: later events are new data and create a new contact. */
    erasedThroughSeq: bigint("erased_through_seq", { mode: "number" }).notNull(),
    erasedAt: timestamp("erased_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.identityHash] })],
);
