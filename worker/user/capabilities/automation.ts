import { type Address, erc20Abi, type PublicClient, TransactionReceiptNotFoundError } from "viem";
import { baseToUsd, rateToApy } from "../../../shared/aave";
import { evaluateTrigger, type TriggerContext } from "../../../shared/automation/evaluateTrigger";
import { cooldownElapsed, proposalKey } from "../../../shared/automation/proposalKey";
import { findToken } from "../../../shared/chains";
import { allowlistFor } from "../../../shared/chains/allowlist";
import type { ChainConfig } from "../../../shared/chains/types";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { Rule } from "../../../shared/schemas/rules";
import type { Transaction, TransactionPreview } from "../../../shared/schemas/transactions";
import type {
  NotificationPayload,
  StoredPayloadInput,
  StoredServerMessageType,
} from "../../../shared/schemas/ws";
import { planAction, userAccountOf } from "../../automation/planAction";
import { riskOf } from "../../automation/riskOf";
import { readAaveUser } from "../../defi/aave/readAave";
import type { AaveMarketSnapshot } from "../../defi/aave/snapshots";
import type { Cached } from "../../defi/portfolio/sources";
import {
  captureUpstream,
  type Outcome,
  type UpstreamFailure,
  unwrapOutcome,
} from "../../defi/upstreamOutcome";
import { prepareSteps, simulateSteps } from "../../wallet";
import type { RulesCapability } from "./rules";
import type { ScheduledTask } from "./scheduler";
import { TransactionsCapability } from "./transactions";

/** The seed's automation period. */
export const AUTOMATION_INTERVAL_MS = 30_000;
/** A submitted transaction whose receipt has not appeared after this long is marked failed. */
export const RECEIPT_TIMEOUT_MS = 60 * 60_000;

export interface AutomationHost {
  rules: RulesCapability;
  transactions: TransactionsCapability;
  now(): number;
  /** The wallet address of the user this object belongs to (learnt from their requests). */
  owner(): Address | null;
  chains(): readonly ChainConfig[];
  client(chainId: number): PublicClient;
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  portfolio(address: Address): Promise<Outcome<Portfolio>>;
  /** The chain's oracle price history (its market object's): the portfolio's forecast, triggers and previews read it. */
  priceHistory(chainId: number): Promise<PriceHistory>;
  invalidatePortfolio(): void;
  /** The object's one way to its clients (outbox → sockets). Its synchronous part appends to the outbox. */
  notify<T extends StoredServerMessageType>(type: T, payload: StoredPayloadInput<T>): Promise<unknown>;
  log(event: Record<string, unknown>): void;
}

export type LifecycleResult =
  | { ok: true; transaction: Transaction }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "conflict"; message: string }
  /** The chain's RPC failed (after viem's retries): the route answers 502/503 with a retry hint. */
  | { ok: false; reason: "upstream"; failure: UpstreamFailure };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const DONE_TITLES: Record<TransactionPreview["action"], string> = {
  rebalance: "Rebalancing complete",
  repay: "Repayment complete",
  supply_collateral: "Collateral supplied",
};

/**
 * The automation loop (a ScheduledTask on the object's one alarm, every 30 s while the user has enabled rules or
 * open transactions) and the proposal lifecycle.
 *
 * Exactly-once proposals under at-least-once alarms: all chain reads, planning and simulation happen first and
 * write nothing; then creating the transaction (unique idempotency key = rule + trigger window), counting the
 * execution and appending the tx_proposal to the outbox run back to back with no await between them, so the
 * Durable Object commits them as one write. A tick that runs twice finds the key (or the rule's open proposal,
 * or its cooldown) and does nothing; a tick evicted before that point left nothing behind and simply runs again.
 */
export class AutomationCapability {
  constructor(private readonly host: AutomationHost) {}

  task(): ScheduledTask {
    return {
      name: "automation",
      intervalMs: AUTOMATION_INTERVAL_MS,
      isActive: () =>
        this.host.rules.listEnabled().length > 0 ||
        this.host.transactions.withStatus(TransactionsCapability.OPEN_STATUSES).length > 0,
      run: (now) => this.tick(now),
    };
  }

  async tick(now: number): Promise<void> {
    await this.expire(now);
    await this.watchSubmitted(now);
    await this.evaluateRules(now);
  }

  // --- lifecycle ---------------------------------------------------------------------------------------------

  async approve(id: string): Promise<LifecycleResult> {
    return this.move(id, "approved");
  }

  async reject(id: string): Promise<LifecycleResult> {
    const result = this.move(id, "rejected");
    if (result.ok) {
      await this.notification(
        result.transaction,
        "info",
        "Transaction cancelled",
        `${result.transaction.title}: you rejected it.`,
      );
    }
    return result;
  }

  async submitted(id: string, txHashes: `0x${string}`[]): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    if (txHashes.length > current.steps.length) {
      return {
        ok: false,
        reason: "conflict",
        message: `the proposal has ${current.steps.length} steps but ${txHashes.length} hashes were sent`,
      };
    }
    return this.move(id, "submitted", { txHashes });
  }

  /** Re-simulates a pending/approved proposal right before signing; a stale one (expired, reverting) is refused. */
  async resimulate(id: string, now: number): Promise<LifecycleResult> {
    const current = this.host.transactions.get(id);
    if (!current) return { ok: false, reason: "not_found" };
    if (current.status !== "pending" && current.status !== "approved") {
      return {
        ok: false,
        reason: "conflict",
        message: `the proposal is ${current.status}; only pending or approved ones can be simulated`,
      };
    }
    if (current.expiresAt !== null && Date.parse(current.expiresAt) <= now) {
      await this.expire(now);
      return {
        ok: false,
        reason: "conflict",
        message: "the proposal has expired; the rule will propose again if its trigger still holds",
      };
    }
    const owner = this.host.owner();
    if (!owner) return { ok: false, reason: "conflict", message: "no wallet address is known for this user" };
    const simulated = await captureUpstream("Re-simulating the proposal", () =>
      simulateSteps(this.host.client(current.chainId), owner, current.steps),
    );
    if (!simulated.ok) return { ok: false, reason: "upstream", failure: simulated.failure };
    const simulation = simulated.value;
    if (!simulation.ok) {
      return {
        ok: false,
        reason: "conflict",
        message: `the proposal is stale: step ${simulation.failedStep + 1} would revert now (${simulation.revertReason})`,
      };
    }
    const preview = current.preview;
    if (!preview) return { ok: true, transaction: current };
    const updated = this.host.transactions.updatePreview(id, {
      ...preview,
      simulation: {
        ok: true,
        blockNumber: String(simulation.blockNumber),
        simulatedAt: new Date(now).toISOString(),
        gasUsed: simulation.gasUsed.map(String),
      },
    });
    return updated ? { ok: true, transaction: updated } : { ok: false, reason: "not_found" };
  }

  private move(
    id: string,
    to: "approved" | "rejected" | "submitted",
    patch: { txHashes?: `0x${string}`[] } = {},
  ): LifecycleResult {
    const result = this.host.transactions.transition(id, to, patch);
    if (result.ok) {
      void this.host.notify("tx_update", { transaction: result.transaction });
      return result;
    }
    if (result.reason === "not_found") return result;
    return {
      ok: false,
      reason: "conflict",
      message: `a ${result.from} transaction cannot become ${result.to}`,
    };
  }

  private async notification(
    transaction: Transaction,
    level: NotificationPayload["level"],
    title: string,
    text: string,
  ) {
    await this.host.notify("notification", { level, title, message: text, transactionId: transaction.id });
  }

  private async expire(now: number): Promise<void> {
    for (const transaction of this.host.transactions.expireDue(now)) {
      void this.host.notify("tx_update", { transaction });
      await this.notification(
        transaction,
        "info",
        "Proposal expired",
        `${transaction.title}: it was not approved in time.`,
      );
    }
  }

  /** Receipts of submitted transactions → confirmed / failed, positions invalidated, the user told. */
  private async watchSubmitted(now: number): Promise<void> {
    for (const transaction of this.host.transactions.withStatus(["submitted"])) {
      try {
        const client = this.host.client(transaction.chainId);
        const receipts = await Promise.all(
          transaction.txHashes.map((hash) =>
            client.getTransactionReceipt({ hash }).catch((error: unknown) => {
              if (error instanceof TransactionReceiptNotFoundError) return null;
              throw error;
            }),
          ),
        );
        const reverted = receipts.findIndex((r) => r?.status === "reverted");
        const waiting = receipts.some((r) => r === null);
        let outcome: { to: "confirmed" | "failed"; error?: string } | null = null;
        if (reverted >= 0)
          outcome = {
            to: "failed",
            error: `step ${reverted + 1} reverted on-chain (${transaction.txHashes[reverted]})`,
          };
        else if (!waiting) outcome = { to: "confirmed" };
        else if (now - Date.parse(transaction.updatedAt) > RECEIPT_TIMEOUT_MS)
          outcome = { to: "failed", error: "not mined within an hour" };
        if (!outcome) continue;
        const result = this.host.transactions.transition(
          transaction.id,
          outcome.to,
          outcome.error ? { error: outcome.error } : {},
        );
        if (!result.ok) continue;
        this.host.invalidatePortfolio();
        void this.host.notify("tx_update", { transaction: result.transaction });
        if (outcome.to === "confirmed") {
          const title = transaction.preview
            ? DONE_TITLES[transaction.preview.action]
            : "Transaction confirmed";
          await this.notification(
            result.transaction,
            "success",
            title,
            `${transaction.title}: confirmed on-chain.`,
          );
        } else {
          await this.notification(
            result.transaction,
            "error",
            `Transaction failed: ${outcome.error}`,
            transaction.title,
          );
        }
      } catch (error) {
        this.host.log({
          level: "error",
          msg: "receipt check failed",
          transactionId: transaction.id,
          error: message(error),
        });
      }
    }
  }

  // --- rules -------------------------------------------------------------------------------------------------

  private async evaluateRules(now: number): Promise<void> {
    const rules = this.host.rules.listEnabled();
    if (rules.length === 0) return;
    const owner = this.host.owner();
    if (!owner) {
      for (const rule of rules)
        this.host.rules.recordEvaluation(rule.id, now, "no wallet address is known yet: sign in again");
      return;
    }
    const due = rules.filter(
      (rule) =>
        !this.host.transactions.openForRule(rule.id) &&
        cooldownElapsed(rule.lastExecutedAt, rule.guards.cooldownSeconds, now) &&
        !this.host.transactions.hasKey(proposalKey(rule.id, now, rule.guards.cooldownSeconds)),
    );
    for (const rule of rules) if (!due.includes(rule)) this.host.rules.recordEvaluation(rule.id, now, null);
    if (due.length === 0) return;

    const portfolio = await this.host.portfolio(owner);
    if (!portfolio.ok) {
      const why = `could not read your positions: ${portfolio.failure.message}`;
      for (const rule of due) this.host.rules.recordEvaluation(rule.id, now, why);
      this.host.log({ level: "warn", msg: "automation tick without data", error: why });
      return;
    }
    const context = await this.triggerContext(portfolio.value, due);
    for (const rule of due) {
      try {
        await this.evaluateRule(rule, now, owner, portfolio.value, context);
      } catch (error) {
        this.host.rules.recordEvaluation(rule.id, now, message(error));
        this.host.log({
          level: "error",
          msg: "automation rule failed",
          ruleId: rule.id,
          error: message(error),
        });
      }
    }
  }

  private async evaluateRule(
    rule: Rule,
    now: number,
    owner: Address,
    portfolio: Portfolio,
    context: TriggerContext,
  ) {
    const evaluation = evaluateTrigger(rule.trigger, context);
    if (evaluation.status === "unknown")
      return this.host.rules.recordEvaluation(rule.id, now, evaluation.reason);
    if (evaluation.status === "idle") return this.host.rules.recordEvaluation(rule.id, now, null);
    const action = rule.action;
    if (action.type === "notify") {
      // Cooldown is the idempotency here: lastExecutedAt and the outbox entry commit together.
      this.host.rules.recordExecution(rule.id, now);
      this.host.rules.recordEvaluation(rule.id, now, null);
      await this.host.notify("notification", {
        level: "warning",
        title: rule.name,
        message: evaluation.reason,
        transactionId: null,
      });
      return;
    }
    const chain = this.host.chains().find((c) => c.chainId === action.chainId);
    const token = chain ? findToken(chain, action.asset) : undefined;
    if (!chain?.aave || !token) {
      return this.host.rules.recordEvaluation(
        rule.id,
        now,
        `${action.asset} on chain ${action.chainId} is not served here`,
      );
    }
    const client = this.host.client(chain.chainId);
    const market = unwrapOutcome(await this.host.aaveMarket(chain.chainId)).value;
    const [user, walletBalance] = await Promise.all([
      readAaveUser({ client, chainId: chain.chainId, market: chain.aave, user: owner }),
      client.readContract({
        address: token.address,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [owner],
      }),
    ]);
    const planned = planAction({
      action,
      token,
      market,
      account: userAccountOf(market, user),
      walletBalance,
      guards: rule.guards,
      user: owner,
    });
    if (!planned.ok)
      return this.host.rules.recordEvaluation(rule.id, now, `${evaluation.reason}, but ${planned.reason}`);
    const weth = findToken(chain, "WETH");
    const ethReserve = market.reserves.find(
      (r) => r.underlyingAsset.toLowerCase() === weth?.address.toLowerCase(),
    );
    const ethUsd = ethReserve ? baseToUsd(ethReserve.priceInMarketReferenceCurrency, market.baseCurrency) : 0;
    const prepared = await prepareSteps({
      client,
      allowlist: allowlistFor(chain),
      user: owner,
      plan: planned.plan,
      ethUsd,
    });
    if (!prepared.ok)
      return this.host.rules.recordEvaluation(rule.id, now, `not proposed: ${prepared.reason}`);
    if (prepared.gas.costUsd > rule.guards.maxGasUsd) {
      return this.host.rules.recordEvaluation(
        rule.id,
        now,
        `not proposed: gas would cost up to $${prepared.gas.costUsd.toFixed(2)}, above the rule's max $${rule.guards.maxGasUsd}`,
      );
    }
    const account = portfolio.aave.find((a) => a.chainId === chain.chainId);
    const history = await this.host.priceHistory(chain.chainId);
    const [riskBefore, riskAfter] = await Promise.all([
      riskOf(account, "24h", history),
      riskOf(account, "24h", history, { ...planned.change, healthFactor: planned.healthFactorAfter }),
    ]);
    const preview: TransactionPreview = {
      action: planned.plan.action,
      reason: evaluation.reason,
      asset: token.symbol,
      amount: Number(planned.plan.amount) / 10 ** token.decimals,
      amountRaw: String(planned.plan.amount),
      amountUsd: planned.amountUsd,
      gas: {
        gasLimit: String(prepared.gas.gasLimit),
        maxFeePerGas: String(prepared.gas.maxFeePerGas),
        maxPriorityFeePerGas: String(prepared.gas.maxPriorityFeePerGas),
        costEth: prepared.gas.costEth,
        costUsd: prepared.gas.costUsd,
      },
      healthFactor: { before: planned.healthFactorBefore, after: planned.healthFactorAfter },
      risk: { horizon: "24h", before: riskBefore, after: riskAfter },
      simulation: {
        ok: true,
        blockNumber: String(prepared.simulation.blockNumber),
        simulatedAt: new Date(now).toISOString(),
        gasUsed: prepared.simulation.gasUsed.map(String),
      },
    };
    // From here to the notify call: no await, so the proposal, the execution count and the outbox entry commit
    // together (see the class comment). Re-checking the open proposal closes the race with a concurrent tick.
    if (this.host.transactions.openForRule(rule.id)) return;
    const { transaction, created } = this.host.transactions.propose({
      ruleId: rule.id,
      chainId: chain.chainId,
      title: titleOf(planned.plan.action, preview),
      steps: prepared.steps,
      expiresAt: now + rule.guards.proposalExpirySeconds * 1000,
      preview,
      idempotencyKey: proposalKey(rule.id, now, rule.guards.cooldownSeconds),
    });
    if (!created) return;
    this.host.rules.recordExecution(rule.id, now);
    this.host.rules.recordEvaluation(rule.id, now, null);
    await this.host.notify("tx_proposal", { transaction });
  }

  /** Everything triggers read, from the portfolio and the shared market data (one read per chain, cached). */
  private async triggerContext(portfolio: Portfolio, rules: readonly Rule[]): Promise<TriggerContext> {
    const chains = this.host.chains().filter((c) => c.aave);
    const markets = new Map<number, AaveMarketSnapshot>();
    const needsMarket = rules.some(
      (r) => r.trigger.type.startsWith("apy_") || r.trigger.type.startsWith("price_"),
    );
    if (needsMarket) {
      for (const chain of chains) {
        const outcome = await this.host.aaveMarket(chain.chainId);
        if (outcome.ok) markets.set(chain.chainId, outcome.value.value);
      }
    }
    const reserveOf = (chainId: number, symbol: string) => {
      const chain = chains.find((c) => c.chainId === chainId);
      const token = chain ? findToken(chain, symbol) : undefined;
      return markets
        .get(chainId)
        ?.reserves.find((r) => r.underlyingAsset.toLowerCase() === token?.address.toLowerCase());
    };
    const risks = new Map<"24h" | "7d", number | null>();
    if (portfolio.risk.status === "ok") risks.set(portfolio.risk.horizon, portfolio.risk.probability);
    for (const rule of rules) {
      if (rule.trigger.type !== "risk_above" || risks.has(rule.trigger.horizon)) continue;
      const riskiest = [...portfolio.aave].sort(
        (a, b) => (a.healthFactor ?? Infinity) - (b.healthFactor ?? Infinity),
      )[0];
      const history = riskiest ? await this.host.priceHistory(riskiest.chainId) : {};
      risks.set(rule.trigger.horizon, await riskOf(riskiest, rule.trigger.horizon, history));
    }
    return {
      supplyApy: (protocol, chainId, asset) => {
        if (protocol !== "aave") return null;
        const reserve = reserveOf(chainId, asset);
        return reserve ? rateToApy(reserve.liquidityRate) : null;
      },
      healthFactor: portfolio.healthFactor,
      riskProbability: (horizon) => risks.get(horizon) ?? null,
      priceUsd: (asset) => {
        for (const [chainId, market] of markets) {
          const reserve = reserveOf(chainId, asset);
          if (reserve) return baseToUsd(reserve.priceInMarketReferenceCurrency, market.baseCurrency);
        }
        return null;
      },
    };
  }
}

function titleOf(action: TransactionPreview["action"], preview: TransactionPreview): string {
  const amount = `${preview.amount.toLocaleString("en-US", { maximumFractionDigits: 4 })} ${preview.asset}`;
  switch (action) {
    case "rebalance":
      return `Restake ${amount} from Aave in EigenLayer`;
    case "repay":
      return `Repay ${amount} on Aave`;
    case "supply_collateral":
      return `Supply ${amount} to Aave as collateral`;
  }
}
