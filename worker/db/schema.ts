import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Global D1 data. Per-user data (rules, transactions, portfolios…) lives in the user's Durable Object. */

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /**
   * Lower-case hex, the one stored and looked-up form (see `addressKey`); unique so one key is one user. The API
   * shows it EIP-55 checksummed.
   */
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

/**
 * Sign-in nonces: single use (deleted when consumed), short-lived. Each remembers the origin, URI and statement it
 * was issued for: the signed message must name exactly these.
 */
export const authNonces = sqliteTable(
  "auth_nonces",
  {
    nonce: text("nonce").primaryKey(),
    scheme: text("scheme").notNull(),
    domain: text("domain").notNull(),
    uri: text("uri").notNull(),
    statement: text("statement").notNull(),
    /** base64url SHA-256 of the client's verifier, when it sent one: the sign-in must then show the verifier. */
    challenge: text("challenge"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index("auth_nonces_expires_at").on(table.expiresAt)],
);

/**
 * One sign-in on one device: access tokens name it (`sid`), its refresh tokens form one family. Revoking it
 * (logout, a refresh token reused after rotation) ends every token of the family at once.
 */
export const authSessions = sqliteTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** Sliding: moved forward by every refresh. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedReason: text("revoked_reason", { enum: ["logout", "refresh_reused"] }),
  },
  (table) => [index("auth_sessions_user_id").on(table.userId)],
);

/**
 * Refresh tokens, stored only as SHA-256 hashes. A used one stays (with `usedAt`) until the session expires, so
 * presenting it again is recognised as theft and revokes the family.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => authSessions.id, { onDelete: "cascade" }),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("refresh_tokens_session_id").on(table.sessionId)],
);
