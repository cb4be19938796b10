import type { Address } from "viem";
import type { RescueRequest } from "../../../../shared/schemas/rescue";
import type { Rule } from "../../../../shared/schemas/rules";
import type { ScheduledTask } from "../scheduler";
import { TransactionsCapability } from "../transactions";
import { AUTOMATION_INTERVAL_MS } from "./automationInterval";
import type { AutomationHost, LifecycleResult } from "./host";
import { automationMayIdle, rulesFingerprint } from "./idleRules";
import { ProposalLifecycle } from "./proposalLifecycle";
import { REORG_WATCH_MS, watchReceipts } from "./receipts";
import { proposeRescue, type RescueResult } from "./rescue";
import { evaluateRules } from "./ruleEvaluation";
import { type RuleStop, ruleStopped } from "./ruleStopped";

/** The rules (fingerprint) whose last tick found every trigger idle; cleared by a wake. */
const IDLE_KEY = "automation:idleFor";

/**
 * The automation loop: a ScheduledTask on the object's one alarm, every 30 s while the user has enabled rules or
 * open proposals. A tick expires due proposals, then reads receipts of submitted ones, then evaluates the rules
 * (ruleEvaluation.ts). The proposal lifecycle the routes drive is in proposalLifecycle.ts. While every rule is a
 * health-factor line or a price level the market objects wake the user for, and none holds, the loop sleeps like
 * monitoring (idleRules.ts) and a wake brings it back at once.
 */
export class AutomationCapability {
  private readonly lifecycle: ProposalLifecycle;
  private idleFor: string | null | undefined;
  /** Woken since the last tick: the next alarm runs the loop at once. */
  private wokenSinceTick = false;

  constructor(private readonly host: AutomationHost) {
    this.lifecycle = new ProposalLifecycle(host);
  }

  task(): ScheduledTask {
    const self = this;
    return {
      name: "automation",
      get intervalMs() {
        return self.intervalMs();
      },
      isActive: () => this.host.rules.listEnabled().length > 0 || this.watchedTransactions() > 0,
      dueNow: () => this.wokenSinceTick,
      run: (now) => this.tick(now),
    };
  }

  intervalMs(): number {
    const interval = this.host.intervalMs ?? AUTOMATION_INTERVAL_MS;
    return this.host.idle && this.asleep() ? this.host.idle.intervalMs : interval;
  }

  /** Whether the loop sleeps until a wake (idleRules.ts): what the rule cards say instead of "checked 40 min ago". */
  asleep(): boolean {
    const idle = this.host.idle;
    if (!idle) return false;
    return automationMayIdle({
      rules: this.host.rules.listEnabled(),
      openTransactions: this.watchedTransactions(),
      idleFor: this.readIdleFor(),
      wokenOnNeed: idle.wokenOnNeed(),
      wakesRegistered: () => idle.wakesRegistered(),
    });
  }

  /**
   * Proposals the loop still watches: open ones (expiry, receipts) and those confirmed within the reorg window
   * (receipts.ts looks their transactions up again). Without the latter, a confirmation let the loop stop (no rule)
   * or sleep for an hour (idle rules), and a reorg undoing it inside the window was never seen.
   */
  private watchedTransactions(): number {
    const now = this.host.now();
    const open = this.host.transactions.withStatus(TransactionsCapability.OPEN_STATUSES).length;
    const recent = this.host.transactions
      .withStatus(["confirmed"])
      .filter((t) => now - Date.parse(t.updatedAt) <= REORG_WATCH_MS).length;
    return open + recent;
  }

  async tick(now: number): Promise<void> {
    this.wokenSinceTick = false;
    await this.lifecycle.expire(now);
    await watchReceipts(this.host, now);
    const idle = await evaluateRules(this.host, now);
    this.writeIdleFor(idle ? rulesFingerprint(this.host.rules.listEnabled()) : null);
  }

  /** The market object woke the user (a line crossed, an event named the wallet): the next tick is due now. */
  woken(): void {
    this.wokenSinceTick = true;
    this.writeIdleFor(null);
  }

  private readIdleFor(): string | null {
    if (this.idleFor === undefined) this.idleFor = this.host.idle?.kv.get<string>(IDLE_KEY) ?? null;
    return this.idleFor;
  }

  /** Written only when it changes: a sleeping user's ticks write nothing. */
  private writeIdleFor(value: string | null): void {
    const kv = this.host.idle?.kv;
    if (!kv || this.readIdleFor() === value) return;
    this.idleFor = value;
    if (value === null) kv.delete(IDLE_KEY);
    else kv.put(IDLE_KEY, value);
  }

  async approve(id: string): Promise<LifecycleResult> {
    return this.lifecycle.approve(id);
  }

  async reject(id: string): Promise<LifecycleResult> {
    return this.lifecycle.reject(id);
  }

  async walletRejected(
    id: string,
    stepIndex: number,
    sentHashes: `0x${string}`[],
    user: Address,
  ): Promise<LifecycleResult> {
    return this.lifecycle.walletRejected(id, stepIndex, sentHashes, user);
  }

  async submitted(id: string, txHashes: `0x${string}`[], user: Address): Promise<LifecycleResult> {
    return this.lifecycle.submitted(id, txHashes, user);
  }

  async rescue(request: RescueRequest, owner: Address, now: number): Promise<RescueResult> {
    return proposeRescue(this.host, request, owner, now);
  }

  async resimulate(id: string, now: number): Promise<LifecycleResult> {
    return this.lifecycle.resimulate(id, now);
  }

  /** The user paused or deleted the rule: its open proposal is withdrawn or kept, and they are told (ruleStopped.ts). */
  async ruleStopped(rule: Pick<Rule, "id" | "name">, how: RuleStop): Promise<void> {
    await ruleStopped(this.host, rule, how);
  }
}
