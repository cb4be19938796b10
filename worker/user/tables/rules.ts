import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Owned by the rules capability. trigger/action/guards are JSON validated by shared/schemas/rules.ts. */
export const automationRules = sqliteTable(
  "automation_rules",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    trigger: text("trigger", { mode: "json" }).notNull(),
    action: text("action", { mode: "json" }).notNull(),
    guards: text("guards", { mode: "json" }).notNull(),
    executionCount: integer("execution_count").notNull().default(0),
    lastExecutedAt: integer("last_executed_at", { mode: "timestamp_ms" }),
    /** Why the last tick could not act on this rule (RPC down, simulation reverted …); null after a clean tick. */
    lastError: text("last_error"),
    lastErrorAt: integer("last_error_at", { mode: "timestamp_ms" }),
    /**
     * Since when the rule holds but cannot act (wallet empty, gas too dear, simulation refused); null once it
     * proposes or its trigger stops holding.
     */
    cannotActSince: integer("cannot_act_since", { mode: "timestamp_ms" }),
    /**
     * When the user was last told that the rule cannot act (kept across episodes): a trigger flickering across its
     * line starts an episode per crossing, which is told at most once per the rule's cooldown.
     */
    cannotActNoticeAt: integer("cannot_act_notice_at", { mode: "timestamp_ms" }),
    lastEvaluatedAt: integer("last_evaluated_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("automation_rules_enabled").on(table.enabled)],
);
