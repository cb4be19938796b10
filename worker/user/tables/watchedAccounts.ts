import { integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Owned by the watched-accounts capability, in the signed-in user's object: the addresses the user watches without
 * signing. `lastAlertSeq` is the last alert the account's watch object forwarded (its outbox seq): a retried
 * delivery is recognised and not told twice.
 */
export const watchedAccounts = sqliteTable("watched_accounts", {
  address: text("address").primaryKey(),
  label: text("label"),
  alertThreshold: real("alert_threshold").notNull(),
  addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
  lastAlertSeq: integer("last_alert_seq").notNull().default(0),
});

/**
 * Owned by the watch-target capability, in a watch object (one per watched account): whose watch list it serves,
 * the address and threshold, and how far its outbox was forwarded to the owner. One row (id = 1); absent in a
 * user's own object.
 */
export const watchTarget = sqliteTable("watch_target", {
  id: integer("id").primaryKey(),
  ownerId: text("owner_id").notNull(),
  address: text("address").notNull(),
  alertThreshold: real("alert_threshold").notNull(),
  forwardedSeq: integer("forwarded_seq").notNull().default(0),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
