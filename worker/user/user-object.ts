import { DurableObject } from "cloudflare:workers";
import type { Address } from "viem";
import type { Portfolio, PortfolioHistory } from "../../shared/schemas/portfolio";
import type { Rule, RuleCreate, RulePatch } from "../../shared/schemas/rules";
import type { SubscriptionLimits } from "../../shared/schemas/subscriptions";
import type { Transaction, TransactionListQuery } from "../../shared/schemas/transactions";
import { publicClientFor } from "../chain/client";
import { loadConfig } from "../config";
import { portfolioRisk } from "../defi/portfolio/portfolioRisk";
import { servedChains } from "../defi/servedChains";
import type { Outcome } from "../defi/upstreamOutcome";
import type { Env } from "../env";
import { type JsonValue, OutboxCapability, type OutboxEntry, type OutboxPage } from "./capabilities/outbox";
import { PortfolioCapability } from "./capabilities/portfolio";
import { type CreateRuleResult, RulesCapability } from "./capabilities/rules";
import { type ScheduledTask, Scheduler } from "./capabilities/scheduler";
import { SocketsCapability } from "./capabilities/sockets";
import { TransactionsCapability } from "./capabilities/transactions";
import { migrateUserDb, openUserDb, type UserDb } from "./db";

/**
 * One per user, addressed by `env.USER.getByName(userId)`. Thin: it migrates its SQLite storage, composes the
 * capabilities (each owning its table behind a narrow host interface) and exposes typed RPC methods to the Worker.
 * The Worker has already authenticated the caller; everything here belongs to that one user.
 */
export class UserDurableObject extends DurableObject<Env> {
  private readonly db: UserDb;
  private readonly rules: RulesCapability;
  private readonly transactions: TransactionsCapability;
  private readonly outbox: OutboxCapability;
  private readonly sockets: SocketsCapability;
  private readonly scheduler: Scheduler;
  private readonly portfolio: PortfolioCapability;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = openUserDb(ctx.storage);
    // Nothing else runs until the schema is current (also after eviction: the constructor runs again).
    void ctx.blockConcurrencyWhile(() => migrateUserDb(this.db));
    const host = { db: this.db, now: () => Date.now(), newId: () => crypto.randomUUID() };
    this.rules = new RulesCapability(host);
    this.transactions = new TransactionsCapability(host);
    this.outbox = new OutboxCapability(host);
    this.sockets = new SocketsCapability({ ctx });
    this.portfolio = new PortfolioCapability({
      ...host,
      chains: () => servedChains(loadConfig(env)),
      client: (chainId) => publicClientFor(loadConfig(env), chainId),
      aaveMarket: (chainId) => env.MARKET.getByName(String(chainId)).aaveMarket(chainId),
      risk: (aave) => portfolioRisk(aave, undefined),
    });
    this.scheduler = new Scheduler(
      {
        db: this.db,
        storage: ctx.storage,
        now: host.now,
        log: (event) => console.log(JSON.stringify(event)),
      },
      this.scheduledTasks(),
    );
  }

  /** Periodic tasks sharing the one alarm. The automation (issue 6) and monitoring (issue 7) tasks go here. */
  private scheduledTasks(): ScheduledTask[] {
    return [];
  }

  // --- rules -------------------------------------------------------------------------------------------------

  async listRules(): Promise<Rule[]> {
    return this.rules.list();
  }

  async getRule(id: string): Promise<Rule | null> {
    return this.rules.get(id);
  }

  async createRule(input: RuleCreate, limits: SubscriptionLimits): Promise<CreateRuleResult> {
    const result = this.rules.create(input, limits);
    if (result.ok) await this.scheduler.reschedule();
    return result;
  }

  async updateRule(id: string, patch: RulePatch): Promise<Rule | null> {
    const rule = this.rules.update(id, patch);
    if (rule) await this.scheduler.reschedule();
    return rule;
  }

  async setRuleEnabled(id: string, enabled: boolean): Promise<Rule | null> {
    const rule = this.rules.setEnabled(id, enabled);
    if (rule) await this.scheduler.reschedule();
    return rule;
  }

  async deleteRule(id: string): Promise<boolean> {
    const deleted = this.rules.remove(id);
    if (deleted) await this.scheduler.reschedule();
    return deleted;
  }

  // --- portfolio -------------------------------------------------------------------------------------------

  /** The complete portfolio of `address` (the signed-in user's wallet); RPC failures come back as data. */
  async getPortfolio(address: Address): Promise<Outcome<Portfolio>> {
    return this.portfolio.get(address);
  }

  async refreshPortfolio(): Promise<void> {
    this.portfolio.invalidate();
  }

  async portfolioHistory(range: PortfolioHistory["range"]): Promise<PortfolioHistory> {
    return this.portfolio.history(range);
  }

  // --- transactions ------------------------------------------------------------------------------------------

  async listTransactions(query: TransactionListQuery): Promise<Transaction[]> {
    return this.transactions.list(query);
  }

  async getTransaction(id: string): Promise<Transaction | null> {
    return this.transactions.get(id);
  }

  // --- messages to the user's clients ------------------------------------------------------------------------

  /** Stores a message (for replay) and pushes it to every open socket. */
  async notify(type: string, payload: JsonValue): Promise<OutboxEntry> {
    const entry = this.outbox.append(type, payload);
    this.sockets.broadcast(JSON.stringify(entry));
    return entry;
  }

  async messagesSince(afterSeq: number): Promise<OutboxPage> {
    return this.outbox.since(afterSeq);
  }

  // --- runtime entry points ----------------------------------------------------------------------------------

  /** Only WebSocket upgrades arrive here, forwarded by an authenticated Worker route. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    return this.sockets.accept();
  }

  override async alarm(): Promise<void> {
    await this.scheduler.onAlarm();
  }
}
