import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Owned by the scheduler capability (the one alarm): when each periodic task last ran, and how. */
export const scheduledTasks = sqliteTable("scheduled_tasks", {
  name: text("name").primaryKey(),
  lastRunAt: integer("last_run_at", { mode: "timestamp_ms" }),
  lastError: text("last_error"),
  runCount: integer("run_count").notNull().default(0),
});
