import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { automationRules } from "./rules";

/** Owned by the transactions capability: proposals and their lifecycle (see TRANSACTION_TRANSITIONS). */
export const transactions = sqliteTable(
  "transactions",
  {
    id: text("id").primaryKey(),
    ruleId: text("rule_id").references(() => automationRules.id, { onDelete: "set null" }),
    status: text("status", {
      enum: ["pending", "approved", "submitted", "confirmed", "failed", "rejected", "expired"],
    }).notNull(),
    chainId: integer("chain_id").notNull(),
    title: text("title").notNull(),
    /** TransactionStep[] as JSON. */
    steps: text("steps", { mode: "json" }).notNull(),
    /** Hashes reported by the client after signing, as JSON string[]. */
    txHashes: text("tx_hashes", { mode: "json" }).notNull(),
    error: text("error"),
    /** The step the wallet last declined while the proposal stays approved; null once sent, or never declined. */
    declinedStep: integer("declined_step"),
    /** TransactionPreview as JSON: what the approval page shows (amounts, gas USD, HF and risk before → after). */
    preview: text("preview", { mode: "json" }),
    /** Makes proposal creation idempotent (e.g. rule id + trigger window): a retried alarm cannot duplicate it. */
    idempotencyKey: text("idempotency_key").unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    /**
     * The user's transaction count when the proposal was made: a transaction with a lower nonce was sent before
     * the proposal existed and cannot be its step. Null for proposals made before this was kept.
     */
    minNonce: integer("min_nonce"),
  },
  (table) => [index("transactions_status").on(table.status), index("transactions_rule_id").on(table.ruleId)],
);
