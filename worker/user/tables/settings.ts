import { integer, real, sqliteTable } from "drizzle-orm/sqlite-core";

/** Owned by the settings capability: one row (id = 1) of the user's preferences; absent = defaults. */
export const userSettings = sqliteTable("user_settings", {
  id: integer("id").primaryKey(),
  alertThreshold: real("alert_threshold").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
