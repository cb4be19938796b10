import { and, eq, isNotNull } from "drizzle-orm";
import { cooldownUntil } from "../../../shared/automation/escalation";
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
  /**
   * A stored rule could not be read and was switched off (once per rule): tell the user, who would otherwise
   * never hear that it stopped acting.
   */
  quarantined?(rule: { id: string; name: string }, problem: string): void;
}

/**
 * `lastError` of a rule whose stored trigger, action or guards no longer parse (an older shape, a bad migration):
 * it is switched off and left out of every list until an edit replaces what is unreadable. The mark makes the
 * quarantine, and its notification, happen once.
 */
export const UNREADABLE_RULE_ERROR =
  "This rule could not be read and was switched off: it no longer acts or counts against your plan. Create it again to keep it.";

export type CreateRuleResult =
  | { ok: true; rule: Rule }
  | { ok: false; reason: "tier_limit"; maxRules: number }
  | { ok: false; reason: "duplicate"; of: Pick<Rule, "id" | "name"> };

/** What makes two rules the same rule: what fires them and what they do (asset symbols in any case). */
function ruleIdentity(rule: Pick<Rule, "trigger" | "action">): string {
  const canonical = (value: object) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(value)
          .map(([key, v]) => [key, key === "asset" && typeof v === "string" ? v.toLowerCase() : v])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ),
    );
  return `${canonical(rule.trigger)}→${canonical(rule.action)}`;
}

type RuleRow = typeof automationRules.$inferSelect;

/**
 * How stale a stored `lastEvaluatedAt` may get while the rule's outcome stays the same. The stamp only tells the
 * user when the rule was last looked at ("checked 20 s ago"); cooldowns, trigger windows and idempotency read
 * `lastExecutedAt` and the transactions, which are written every time. Writing the stamp on each 30 s tick was
 * one SQLite row per rule per tick.
 */
export const EVALUATION_STAMP_MAX_AGE_MS = 10 * 60_000;

/** The newest evaluation of a rule that was not written (same outcome as the stored one, stamp recent enough). */
interface UnsavedEvaluation {
  at: number;
  error: string | null;
}

/** Stored JSON is re-validated on the way out: storage is a boundary too. A row that fails is null. */
function toRule(row: RuleRow, unsaved?: UnsavedEvaluation): Rule | null {
  const trigger = triggerSchema.safeParse(row.trigger);
  const action = actionSchema.safeParse(row.action);
  const guards = guardsSchema.safeParse(row.guards);
  if (!trigger.success || !action.success || !guards.success) return null;
  // An evaluation kept in memory is newer than the stored stamp and had the stored outcome (else it was written).
  const newer =
    unsaved && unsaved.error === row.lastError && unsaved.at > (row.lastEvaluatedAt?.getTime() ?? -Infinity)
      ? unsaved
      : undefined;
  const lastEvaluatedAt = newer ? new Date(newer.at) : row.lastEvaluatedAt;
  const lastErrorAt = newer && row.lastError !== null ? new Date(newer.at) : row.lastErrorAt;
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: trigger.data,
    action: action.data,
    guards: guards.data,
    executionCount: row.executionCount,
    lastExecutedAt: row.lastExecutedAt?.toISOString() ?? null,
    cooldownUntil: cooldownUntil(row.lastExecutedAt?.toISOString() ?? null, guards.data.cooldownSeconds),
    lastEvaluatedAt: lastEvaluatedAt?.toISOString() ?? null,
    lastError: row.lastError,
    lastErrorAt: lastErrorAt?.toISOString() ?? null,
    cannotActSince: row.cannotActSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The user's automation rules (table automation_rules). The Durable Object's single thread makes limits exact. */
export class RulesCapability {
  /** Per rule: its newest evaluation when it was not written (lost on eviction: the stored stamp is ≤ 10 min older). */
  private readonly unsaved = new Map<string, UnsavedEvaluation>();

  constructor(private readonly host: RulesHost) {}

  /** The readable rules (an unreadable one is quarantined on the way: one bad row must not hide the others). */
  list(): Rule[] {
    return this.readable(
      this.host.db.select().from(automationRules).orderBy(automationRules.createdAt).all(),
    );
  }

  listEnabled(): Rule[] {
    return this.readable(
      this.host.db
        .select()
        .from(automationRules)
        .where(eq(automationRules.enabled, true))
        .orderBy(automationRules.createdAt)
        .all(),
    );
  }

  get(id: string): Rule | null {
    const row = this.host.db.select().from(automationRules).where(eq(automationRules.id, id)).get();
    return row ? (this.readable([row])[0] ?? null) : null;
  }

  private readable(rows: readonly RuleRow[]): Rule[] {
    return rows.flatMap((row) => {
      const rule = toRule(row, this.unsaved.get(row.id));
      if (rule) return [rule];
      this.quarantine(row);
      return [];
    });
  }

  /**
   * Switches an unreadable rule off and marks it; the host is told the first time only (the mark stays while the
   * row is unreadable: an edit that switches it on again does not tell twice).
   */
  private quarantine(row: RuleRow): void {
    const told = row.lastError === UNREADABLE_RULE_ERROR;
    if (told && !row.enabled) return;
    const now = new Date(this.host.now());
    this.host.db
      .update(automationRules)
      .set({ enabled: false, lastError: UNREADABLE_RULE_ERROR, lastErrorAt: now })
      .where(eq(automationRules.id, row.id))
      .run();
    this.unsaved.delete(row.id);
    if (!told) this.host.quarantined?.({ id: row.id, name: row.name }, UNREADABLE_RULE_ERROR);
  }

  /** The rules the plan's limit counts: the readable ones (a quarantined rule is not listed, so it cannot be deleted). */
  count(): number {
    return this.list().length;
  }

  /**
   * The user's enabled rule with the same trigger and action as `rule` (other than `exceptId`), or null. Two such
   * rules would each propose the same transaction: two proposals and two notifications for one event. (A switched
   * off twin is harmless until it is switched on, which asks this again.)
   */
  duplicateOf(rule: Pick<Rule, "trigger" | "action">, exceptId?: string): Pick<Rule, "id" | "name"> | null {
    const identity = ruleIdentity(rule);
    const same = this.listEnabled().find(
      (other) => other.id !== exceptId && ruleIdentity(other) === identity,
    );
    return same ? { id: same.id, name: same.name } : null;
  }

  create(input: RuleCreate, limits: SubscriptionLimits): CreateRuleResult {
    const duplicate = input.enabled ? this.duplicateOf(input) : null;
    if (duplicate) return { ok: false, reason: "duplicate", of: duplicate };
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
    const rule = toRule(row);
    // Written from validated input: it reads back, or the schemas disagree with themselves.
    if (!rule) throw new Error("a rule just written does not read back");
    return { ok: true, rule };
  }

  update(id: string, patch: RulePatch): Rule | null {
    const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    // An edit of what the rule does is the user's answer to "cannot act": whether it now can is told afresh.
    const edited = patch.trigger || patch.action || patch.guards;
    const row = this.host.db
      .update(automationRules)
      .set({
        ...changes,
        updatedAt: new Date(this.host.now()),
        ...(edited ? { cannotActSince: null, cannotActNoticeAt: null } : {}),
      })
      .where(eq(automationRules.id, id))
      .returning()
      .get();
    if (!row) return null;
    return this.readable([row])[0] ?? null;
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
    this.unsaved.delete(id);
    return row !== undefined;
  }

  /**
   * What the last tick made of the rule: `error` says why it could not act (kept until a tick succeeds), null
   * clears it. Does not touch updatedAt: that is the user's edits. Written only when the outcome changes (error
   * text, or the first evaluation) or the stored stamp is older than EVALUATION_STAMP_MAX_AGE_MS; otherwise the
   * stamp stays in memory and reads show it. Returns whether it wrote.
   */
  recordEvaluation(id: string, at: number, error: string | null): boolean {
    const stored = this.host.db
      .select({ lastEvaluatedAt: automationRules.lastEvaluatedAt, lastError: automationRules.lastError })
      .from(automationRules)
      .where(eq(automationRules.id, id))
      .get();
    if (!stored) return false;
    const storedAt = stored.lastEvaluatedAt?.getTime();
    if (storedAt !== undefined && stored.lastError === error && at - storedAt < EVALUATION_STAMP_MAX_AGE_MS) {
      this.unsaved.set(id, { at, error });
      return false;
    }
    this.host.db
      .update(automationRules)
      .set({
        lastEvaluatedAt: new Date(at),
        lastError: error,
        lastErrorAt: error === null ? null : new Date(at),
      })
      .where(eq(automationRules.id, id))
      .run();
    this.unsaved.delete(id);
    return true;
  }

  /**
   * Puts the rule's last execution back to `at` (null: never), when the proposal that set it ended without
   * anything verified on-chain: its cooldown must not silence the rule's next proposal.
   */
  restoreLastExecution(id: string, at: number | null): void {
    this.host.db
      .update(automationRules)
      .set({ lastExecutedAt: at === null ? null : new Date(at) })
      .where(eq(automationRules.id, id))
      .run();
  }

  /**
   * The rule holds but cannot act. Starts the episode (cannotActSince) and returns whether to tell the user now:
   * at its start, unless they were told about this rule less than `quietMs` ago (a trigger flickering across its
   * line would start an episode per crossing). A rule stuck for hours is told once, not every tick.
   */
  markCannotAct(id: string, at: number, quietMs: number): boolean {
    const row = this.host.db
      .select({ since: automationRules.cannotActSince, noticeAt: automationRules.cannotActNoticeAt })
      .from(automationRules)
      .where(eq(automationRules.id, id))
      .get();
    if (!row || row.since !== null) return false;
    const tell = row.noticeAt === null || at - row.noticeAt.getTime() >= quietMs;
    this.host.db
      .update(automationRules)
      .set({ cannotActSince: new Date(at), ...(tell ? { cannotActNoticeAt: new Date(at) } : {}) })
      .where(eq(automationRules.id, id))
      .run();
    return tell;
  }

  /** The rule proposed, or its trigger stopped holding: the episode is over. */
  clearCannotAct(id: string): void {
    this.host.db
      .update(automationRules)
      .set({ cannotActSince: null })
      .where(and(eq(automationRules.id, id), isNotNull(automationRules.cannotActSince)))
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
