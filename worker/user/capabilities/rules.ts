import { count, eq } from "drizzle-orm";
import {
  actionSchema,
  guardsSchema,
  type Rule,
  type RuleCreate,
  type RulePatch,
  triggerSchema,
} from "../../../shared/schemas/rules";
import type { SubscriptionLimits } from "../../../shared/schemas/subscriptions";
import type { UserDb } from "../db";
import { automationRules } from "../tables/rules";

/** What the rules capability needs from its Durable Object. */
export interface RulesHost {
  db: UserDb;
  now(): number;
  newId(): string;
}

export type CreateRuleResult =
  | { ok: true; rule: Rule }
  | { ok: false; reason: "tier_limit"; maxRules: number };

type RuleRow = typeof automationRules.$inferSelect;

/** Stored JSON is re-validated on the way out: storage is a boundary too. */
function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: triggerSchema.parse(row.trigger),
    action: actionSchema.parse(row.action),
    guards: guardsSchema.parse(row.guards),
    executionCount: row.executionCount,
    lastExecutedAt: row.lastExecutedAt?.toISOString() ?? null,
    lastEvaluatedAt: row.lastEvaluatedAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The user's automation rules (table automation_rules). The Durable Object's single thread makes limits exact. */
export class RulesCapability {
  constructor(private readonly host: RulesHost) {}

  list(): Rule[] {
    return this.host.db.select().from(automationRules).orderBy(automationRules.createdAt).all().map(toRule);
  }

  listEnabled(): Rule[] {
    return this.host.db
      .select()
      .from(automationRules)
      .where(eq(automationRules.enabled, true))
      .orderBy(automationRules.createdAt)
      .all()
      .map(toRule);
  }

  get(id: string): Rule | null {
    const row = this.host.db.select().from(automationRules).where(eq(automationRules.id, id)).get();
    return row ? toRule(row) : null;
  }

  count(): number {
    return this.host.db.select({ n: count() }).from(automationRules).get()?.n ?? 0;
  }

  create(input: RuleCreate, limits: SubscriptionLimits): CreateRuleResult {
    if (limits.maxRules !== null && this.count() >= limits.maxRules) {
      return { ok: false, reason: "tier_limit", maxRules: limits.maxRules };
    }
    const now = new Date(this.host.now());
    const row = this.host.db
      .insert(automationRules)
      .values({
        id: this.host.newId(),
        name: input.name,
        enabled: input.enabled,
        trigger: input.trigger,
        action: input.action,
        guards: input.guards,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return { ok: true, rule: toRule(row) };
  }

  update(id: string, patch: RulePatch): Rule | null {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    const row = this.host.db
      .update(automationRules)
      .set({ ...changes, updatedAt: new Date(this.host.now()) })
      .where(eq(automationRules.id, id))
      .returning()
      .get();
    return row ? toRule(row) : null;
  }

  setEnabled(id: string, enabled: boolean): Rule | null {
    return this.update(id, { enabled });
  }

  remove(id: string): boolean {
    const row = this.host.db
      .delete(automationRules)
      .where(eq(automationRules.id, id))
      .returning({ id: automationRules.id })
      .get();
    return row !== undefined;
  }

  /**
   * What the last tick made of the rule: `error` says why it could not act (kept until a tick succeeds), null
   * clears it. Does not touch updatedAt: that is the user's edits.
   */
  recordEvaluation(id: string, at: number, error: string | null): void {
    this.host.db
      .update(automationRules)
      .set({
        lastEvaluatedAt: new Date(at),
        lastError: error,
        lastErrorAt: error === null ? null : new Date(at),
      })
      .where(eq(automationRules.id, id))
      .run();
  }

  /** Called by the automation loop after it created a proposal for the rule. */
  recordExecution(id: string, at: number): void {
    const rule = this.get(id);
    if (!rule) return;
    this.host.db
      .update(automationRules)
      .set({ executionCount: rule.executionCount + 1, lastExecutedAt: new Date(at), updatedAt: new Date(at) })
      .where(eq(automationRules.id, id))
      .run();
  }
}
