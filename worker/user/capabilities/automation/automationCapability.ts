import type { Address } from "viem";
import type { RescueRequest } from "../../../../shared/schemas/rescue";
import type { ScheduledTask } from "../scheduler";
import { TransactionsCapability } from "../transactions";
import { AUTOMATION_INTERVAL_MS } from "./automationInterval";
import type { AutomationHost, LifecycleResult } from "./host";
import { ProposalLifecycle } from "./proposalLifecycle";
import { watchReceipts } from "./receipts";
import { proposeRescue, type RescueResult } from "./rescue";
import { evaluateRules } from "./ruleEvaluation";

/**
 * The automation loop: a ScheduledTask on the object's one alarm, every 30 s while the user has enabled rules or
 * open proposals. A tick expires due proposals, then reads receipts of submitted ones, then evaluates the rules
 * (ruleEvaluation.ts). The proposal lifecycle the routes drive is in proposalLifecycle.ts.
 */
export class AutomationCapability {
  private readonly lifecycle: ProposalLifecycle;

  constructor(private readonly host: AutomationHost) {
    this.lifecycle = new ProposalLifecycle(host);
  }

  task(): ScheduledTask {
    return {
      name: "automation",
      intervalMs: this.host.intervalMs ?? AUTOMATION_INTERVAL_MS,
      isActive: () =>
        this.host.rules.listEnabled().length > 0 ||
        this.host.transactions.withStatus(TransactionsCapability.OPEN_STATUSES).length > 0,
      run: (now) => this.tick(now),
    };
  }

  async tick(now: number): Promise<void> {
    await this.lifecycle.expire(now);
    await watchReceipts(this.host, now);
    await evaluateRules(this.host, now);
  }

  async approve(id: string): Promise<LifecycleResult> {
    return this.lifecycle.approve(id);
  }

  async reject(id: string): Promise<LifecycleResult> {
    return this.lifecycle.reject(id);
  }

  async walletRejected(id: string, stepIndex: number): Promise<LifecycleResult> {
    return this.lifecycle.walletRejected(id, stepIndex);
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
}
