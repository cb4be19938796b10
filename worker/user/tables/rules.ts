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
     * When the user was told that the rule holds but cannot act (wallet empty, target unreachable, gas too dear);
     * null once it proposes or its trigger stops holding, so each such episode is told once, not every tick.
     */
    cannotActToldAt: integer("cannot_act_told_at", { mode: "timestamp_ms" }),
    lastEvaluatedAt: integer("last_evaluated_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [index("automation_rules_enabled").on(table.enabled)],
);
