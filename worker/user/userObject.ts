import { DurableObject } from "cloudflare:workers";
import type { Address } from "viem";
import { addressSchema } from "../../shared/schemas/common";
import type { Portfolio, PortfolioHistory } from "../../shared/schemas/portfolio";
import type { Rule, RuleCreate, RulePatch } from "../../shared/schemas/rules";
import type { UserSettings } from "../../shared/schemas/settings";
import type { SubscriptionLimits } from "../../shared/schemas/subscriptions";
import type { Transaction, TransactionListQuery } from "../../shared/schemas/transactions";
import {
  type StoredPayloadInput,
  type StoredServerMessage,
  type StoredServerMessageType,
  type WsSessionEndReason,
  wsConnectQuerySchema,
} from "../../shared/schemas/ws";
import { publicClientFor } from "../chain/client";
import { servedChains } from "../chain/servedChains";
import type { Outcome } from "../chain/upstreamOutcome";
import { type ConfigVars, loadConfig } from "../config";
import {
  type MarketDurableObject,
  type MarketPriceWatcher,
  marketObjectFor,
} from "../defi/market/marketObject";
import { portfolioRisk } from "../defi/portfolio/portfolioRisk";
import { LiquidationWatch } from "./capabilities/alerts/liquidationWatch";
import { AutomationCapability, type LifecycleResult } from "./capabilities/automation";
import { MonitoringCapability, type OpenAlert } from "./capabilities/monitoring";
import { OutboxCapability, type OutboxPage } from "./capabilities/outbox";
import { PortfolioCapability } from "./capabilities/portfolio";
import { type CreateRuleResult, RulesCapability } from "./capabilities/rules";
import { type ScheduledTask, Scheduler } from "./capabilities/scheduler";
import { SessionsCapability } from "./capabilities/sessions";
import { SettingsCapability } from "./capabilities/settings";
import { SocketsCapability } from "./capabilities/sockets";
import { TransactionsCapability } from "./capabilities/transactions";
import { migrateUserDb, openUserDb, type UserDb } from "./db";

/** Durable Object KV key of the wallet address the automation acts for. */
const AUTOMATION_OWNER_KEY = "automation.owner";

/**
 * One per user, addressed by `env.USER.getByName(userId)`. Thin: it migrates its SQLite storage, composes the
 * capabilities (each owning its table behind a narrow host interface) and exposes typed RPC methods to the Worker.
 * The Worker has already authenticated the caller; everything here belongs to that one user.
 */
/** The bindings a user object uses. */
export interface UserObjectEnv extends ConfigVars {
  MARKET: DurableObjectNamespace<MarketDurableObject>;
}

export class UserDurableObject extends DurableObject<UserObjectEnv> implements MarketPriceWatcher {
  private readonly db: UserDb;
  private readonly rules: RulesCapability;
  private readonly transactions: TransactionsCapability;
  private readonly outbox: OutboxCapability;
  private readonly sockets: SocketsCapability;
  private readonly sessions: SessionsCapability;
  private readonly scheduler: Scheduler;
  private readonly portfolio: PortfolioCapability;
  private readonly settings: SettingsCapability;
  private readonly monitoring: MonitoringCapability;
  private readonly automation: AutomationCapability;

  constructor(ctx: DurableObjectState, env: UserObjectEnv) {
    super(ctx, env);
    this.db = openUserDb(ctx.storage);
    // Nothing else runs until the schema is current (also after eviction: the constructor runs again).
    void ctx.blockConcurrencyWhile(() => migrateUserDb(this.db));
    const host = { db: this.db, now: () => Date.now(), newId: () => crypto.randomUUID() };
    this.rules = new RulesCapability(host);
    this.transactions = new TransactionsCapability(host);
    const log = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
    this.outbox = new OutboxCapability({ ...host, log });
    this.sockets = new SocketsCapability({
      ...host,
      ctx,
      latestSeq: () => this.outbox.latestSeq(),
      since: (afterSeq) => this.outbox.since(afterSeq),
    });
    this.sessions = new SessionsCapability({
      kv: ctx.storage.kv,
      now: host.now,
      closeExpiredSockets: (now) => this.sockets.closeExpired(now),
      socketCount: () => this.sockets.count(),
    });
    this.settings = new SettingsCapability(host);
    // One price history per chain, kept by its market object: every forecast of every user reads it.
    const market = (chainId: number) => marketObjectFor(env.MARKET, chainId);
    const priceHistory = (chainId: number) => market(chainId).priceHistory(chainId);
    const aaveMarket = (chainId: number) => market(chainId).aaveMarket(chainId);
    this.portfolio = new PortfolioCapability({
      ...host,
      chains: () => servedChains(loadConfig(env)),
      client: (chainId) => publicClientFor(loadConfig(env), chainId),
      aaveMarket,
      risk: (aave) => portfolioRisk(aave, priceHistory),
    });
    const liquidations = new LiquidationWatch({
      kv: ctx.storage.kv,
      chains: () => servedChains(loadConfig(env)),
      client: (chainId) => publicClientFor(loadConfig(env), chainId),
      aaveMarket,
      log,
    });
    this.monitoring = new MonitoringCapability({
      ...host,
      log,
      portfolio: (address) => this.portfolio.get(address),
      scanLiquidations: (address) => liquidations.scan(address),
      invalidatePortfolio: () => this.portfolio.invalidate(),
      settings: () => this.settings.get(),
      socketCount: () => this.sockets.count(),
      notify: (type, payload) => this.publish(type, payload),
      watchPrices: async () => {
        const watcherId = ctx.id.toString();
        await Promise.all(
          servedChains(loadConfig(env)).map((chain) =>
            market(chain.chainId).watchPrices(chain.chainId, watcherId),
          ),
        );
      },
    });
    this.automation = new AutomationCapability({
      rules: this.rules,
      transactions: this.transactions,
      now: host.now,
      owner: () => ctx.storage.kv.get<Address>(AUTOMATION_OWNER_KEY) ?? null,
      chains: () => servedChains(loadConfig(env)),
      client: (chainId) => publicClientFor(loadConfig(env), chainId),
      aaveMarket,
      portfolio: (address) => this.portfolio.get(address),
      priceHistory,
      invalidatePortfolio: () => this.portfolio.invalidate(),
      // publish is synchronous: the outbox entry commits with whatever the caller wrote just before.
      notify: async (type, payload) => this.publish(type, payload),
      log,
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

  /** Periodic tasks sharing the one alarm: monitoring and the automation loop. */
  private scheduledTasks(): ScheduledTask[] {
    return [this.monitoring.task(), this.automation.task(), this.sessions.task()];
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

  /** The wallet the automation acts for: the Worker passes the verified session's address with rule changes. */
  async setAutomationOwner(address: Address): Promise<void> {
    this.ctx.storage.kv.put(AUTOMATION_OWNER_KEY, address);
  }

  // --- portfolio -------------------------------------------------------------------------------------------

  /** The complete portfolio of `address` (the signed-in user's wallet); RPC failures come back as data. */
  async getPortfolio(address: Address): Promise<Outcome<Portfolio>> {
    // The first read names the wallet the monitoring loop watches (from the verified session).
    if (this.monitoring.watch(address)) await this.scheduler.reschedule();
    const outcome = await this.portfolio.get(address);
    // Positions were just saved: a user with debt is now monitored even without an open socket.
    if (outcome.ok && outcome.value.healthFactor !== null) await this.scheduler.reschedule();
    return outcome;
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

  async approveTransaction(id: string): Promise<LifecycleResult> {
    return this.automation.approve(id);
  }

  async rejectTransaction(id: string): Promise<LifecycleResult> {
    return this.automation.reject(id);
  }

  /** `user` is the verified session's wallet: every reported transaction must have been sent by it. */
  async submitTransaction(id: string, txHashes: `0x${string}`[], user: Address): Promise<LifecycleResult> {
    const result = await this.automation.submitted(id, txHashes, user);
    if (result.ok) await this.scheduler.reschedule();
    return result;
  }

  async walletRejectedTransaction(id: string, stepIndex: number): Promise<LifecycleResult> {
    const result = await this.automation.walletRejected(id, stepIndex);
    if (result.ok) await this.scheduler.reschedule();
    return result;
  }

  async simulateTransaction(id: string): Promise<LifecycleResult> {
    return this.automation.resimulate(id, Date.now());
  }

  // --- messages to the user's clients ------------------------------------------------------------------------

  /**
   * Stores a message of the protocol (shared/schemas/ws.ts; the payload is validated) with the next seq and
   * pushes it to every open socket, in seq order.
   */
  async notify<T extends StoredServerMessageType>(
    type: T,
    payload: StoredPayloadInput<T>,
  ): Promise<StoredServerMessage> {
    return this.publish(type, payload);
  }

  private publish<T extends StoredServerMessageType>(
    type: T,
    payload: StoredPayloadInput<T>,
  ): StoredServerMessage {
    const message = this.outbox.append(type, payload);
    this.sockets.broadcast(message);
    return message;
  }

  async messagesSince(afterSeq: number): Promise<OutboxPage> {
    return this.outbox.since(afterSeq);
  }

  /** Marks a WebSocket ticket used; false when it was used before (tickets are single use). */
  async consumeSocketTicket(ticketId: string, expiresAt: number): Promise<boolean> {
    return this.sockets.consumeTicket(ticketId, expiresAt);
  }

  // --- sign-in sessions -------------------------------------------------------------------------------------

  /** The Worker reports a session's start and each refresh: it is valid until `expiresAt`. */
  async sessionRenewed(sessionId: string, expiresAt: number): Promise<void> {
    this.sessions.record(sessionId, expiresAt);
    this.sockets.renewSession(sessionId, expiresAt);
  }

  /** The session was signed out or revoked: its sockets close with the reason. Returns how many closed. */
  async sessionEnded(sessionId: string, reason: WsSessionEndReason): Promise<number> {
    this.sessions.end(sessionId);
    const closed = this.sockets.endSession(sessionId, reason);
    await this.scheduler.reschedule();
    return closed;
  }

  /**
   * Whether the user has a valid session now and until when (null: none). Work done for the user (proposals)
   * should stop without one: nobody is signed in to approve it.
   */
  async sessionActiveUntil(): Promise<number | null> {
    return this.sessions.activeUntil();
  }

  // --- settings and monitoring -------------------------------------------------------------------------------

  async getSettings(): Promise<UserSettings> {
    return this.settings.get();
  }

  async putSettings(settings: UserSettings): Promise<UserSettings> {
    return this.settings.put(settings);
  }

  /** Called by a market object on each block whose prices moved (per-block reaction, see priceWatch.ts). */
  async onMarketPricesChanged(_chainId: number): Promise<void> {
    if (this.monitoring.isActive()) await this.monitoring.check();
  }

  async monitoringStatus(): Promise<{ active: boolean; openAlert: OpenAlert | null; sockets: number }> {
    return {
      active: this.monitoring.isActive(),
      openAlert: this.monitoring.openAlert(),
      sockets: this.sockets.count(),
    };
  }

  // --- runtime entry points ----------------------------------------------------------------------------------

  /**
   * Only WebSocket upgrades arrive here, forwarded by GET /ws after it checked the ticket. The Worker passes
   * the session's wallet in X-Vigil-Address and its session in X-Vigil-Session / X-Vigil-Session-Expires
   * (nothing else can reach this object); the query may carry lastSeq
   * (replay first) and a client label.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const url = new URL(request.url);
    const query = wsConnectQuerySchema.partial().safeParse(Object.fromEntries(url.searchParams));
    const address = addressSchema.safeParse(request.headers.get("X-Vigil-Address"));
    const sessionId = request.headers.get("X-Vigil-Session");
    const sessionExpiresAt = Number(request.headers.get("X-Vigil-Session-Expires"));
    const response = this.sockets.accept({
      client: query.success ? query.data.client : null,
      lastSeq: query.success ? query.data.lastSeq : null,
      session:
        sessionId && Number.isFinite(sessionExpiresAt)
          ? { id: sessionId, expiresAt: sessionExpiresAt }
          : null,
    });
    if (address.success) this.monitoring.watch(address.data);
    this.monitoring.clientConnected();
    await this.scheduler.reschedule();
    return response;
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.sockets.onMessage(socket, message);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    this.sockets.onClose(socket, code, reason);
    // The last socket gone and no debt: monitoring stops and the alarm is cleared.
    await this.scheduler.reschedule();
  }

  override async webSocketError(_socket: WebSocket, error: unknown): Promise<void> {
    console.log(JSON.stringify({ level: "warn", msg: "websocket error", error: String(error) }));
    await this.scheduler.reschedule();
  }

  override async alarm(): Promise<void> {
    await this.scheduler.onAlarm();
  }
}
