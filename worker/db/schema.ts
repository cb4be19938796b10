import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Global D1 data. Per-user data (rules, transactions, portfolios…) lives in the user's Durable Object. */

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** EIP-55 checksummed; unique so one wallet is one user. */
  address: text("address").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  lastLoginAt: integer("last_login_at", { mode: "timestamp_ms" }),
});

export const subscriptions = sqliteTable("subscriptions", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  tier: text("tier", { enum: ["free", "pro"] }).notNull(),
  /** null = unlimited. Copied from TIER_LIMITS at creation so a plan change is an explicit update. */
  maxRules: integer("max_rules"),
  periodStart: integer("period_start", { mode: "timestamp_ms" }).notNull(),
  periodEnd: integer("period_end", { mode: "timestamp_ms" }),
});

/** Sign-in nonces: single use (deleted when consumed), short-lived. */
export const authNonces = sqliteTable(
  "auth_nonces",
  {
    nonce: text("nonce").primaryKey(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index("auth_nonces_expires_at").on(table.expiresAt)],
);
