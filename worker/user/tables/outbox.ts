import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Owned by the outbox capability: every server→client message with its per-user sequence number. */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  type: text("type").notNull(),
  payload: text("payload", { mode: "json" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Owned by the outbox capability: copies of the messages a client must still hear of after the outbox dropped
 * them. Risk alerts per account (`subject`: the watched address, "" for the user's own wallet): its newest alert
 * (`latest`, the current state) and its newest liquidation (`liquidation`, told even when a later alert cleared
 * the episode), two rows per account at most, overwritten in place. Notices told once (`notice`; `subject`: what
 * the notice is about, see keptNoticeSubject): the newest per subject, the newest KEPT_NOTICES subjects.
 */
export const keptAlerts = sqliteTable(
  "kept_alerts",
  {
    subject: text("subject").notNull(),
    kind: text("kind", { enum: ["latest", "liquidation", "notice"] }).notNull(),
    seq: integer("seq").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.subject, table.kind] })],
);
