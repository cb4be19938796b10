import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Owned by the outbox capability: every server→client message with its per-user sequence number. */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  type: text("type").notNull(),
  payload: text("payload", { mode: "json" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
