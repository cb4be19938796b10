import { integer, sqliteTable } from "drizzle-orm/sqlite-core";

/** Owned by the monitoring capability: the watcher's heartbeat, one row (id = 1) rewritten by each completed check. */
export const watchHeartbeat = sqliteTable("watch_heartbeat", {
  id: integer("id").primaryKey(),
  lastCheckAt: integer("last_check_at", { mode: "timestamp_ms" }).notNull(),
  checks: integer("checks").notNull(),
});
