import { DurableObject } from "cloudflare:workers";
import type { Address } from "viem";
import type { StoredTables } from "../../shared/schemas/account";
import { addressSchema } from "../../shared/schemas/common";
import type { Portfolio, PortfolioHistory } from "../../shared/schemas/portfolio";
import type { RescueRequest } from "../../shared/schemas/rescue";
import type { Rule, RuleCreate, RulePatch } from "../../shared/schemas/rules";
import type { UserSettings } from "../../shared/schemas/settings";
import type { SubscriptionLimits } from "../../shared/schemas/subscriptions";
import type { Transaction, TransactionListQuery } from "../../shared/schemas/transactions";
import {
  type WatchedAccount,
  type WatchedAccountUpdate,
  type WatchedProblem,
  watchedProblemSchema,
} from "../../shared/schemas/watchedAccounts";
import type { WatchStatus } from "../../shared/schemas/watchStatus";
import {
  type StoredPayloadInput,
  WS_CLOSE_SESSION_ENDED,
  type WsSessionEndReason,
  wsConnectQuerySchema,
} from "../../shared/schemas/ws";
import { watchedProblemWords } from "../../shared/words/watchedAccountWords";
import type { Outcome } from "../chain/upstreamOutcome";
import { indexShardCount } from "../defi/market/indexShards";
import { type MarketPriceWatcher, positionIndexFor } from "../defi/market/marketObject";
import { type MarketWake, marketWakeSchema } from "../defi/market/positionWatch";
import type { WakeRegistration } from "../defi/market/wakeIndex";
import { exportTables } from "./accountData";
import type { LifecycleResult, RescueResult } from "./capabilities/automation";
import type { CreateRuleResult } from "./capabilities/rules";
import type { AddWatchedResult, NewWatchedAccount } from "./capabilities/watchedAccounts";
import type { WatchTarget } from "./capabilities/watchTarget";
import { composeUser, LEGACY_OWNER_KEY, type UserObjectEnv, type UserParts } from "./composeUser";
import { watchStatusOf } from "./watchStatus";

export type { UserObjectEnv } from "./composeUser";

/** Set by DELETE /me (`deleteAccount`): from then on only sessions the object hears of afterwards open sockets. */
const ACCOUNT_DELETED_KEY = "account.deletedAt";

/**
 * One per user, addressed by `env.USER.getByName(userId)`. Thin: it composes the capabilities (composeUser.ts: each
 * owning its tables behind a narrow host interface) and exposes typed RPC methods to the Worker. The Worker has
 * already authenticated the caller; everything here belongs to that one user.
 */
export class UserDurableObject extends DurableObject<UserObjectEnv> implements MarketPriceWatcher {
  protected parts: UserParts;
  private rules!: UserParts["rules"];
  private transactions!: UserParts["transactions"];
  protected outbox!: UserParts["outbox"];
  protected sockets!: UserParts["sockets"];
  private sessions!: UserParts["sessions"];
  private scheduler!: UserParts["scheduler"];
  private portfolio!: UserParts["portfolio"];
  private settings!: UserParts["settings"];
  protected monitoring!: UserParts["monitoring"];
  private automation!: UserParts["automation"];

  constructor(ctx: DurableObjectState, env: UserObjectEnv) {
    super(ctx, env);
    this.parts = this.attach(composeUser(ctx, env));
  }

  private attach(parts: UserParts): UserParts {
    ({
      rules: this.rules,
      transactions: this.transactions,
      outbox: this.outbox,
      sockets: this.sockets,
      sessions: this.sessions,
      scheduler: this.scheduler,
      portfolio: this.portfolio,
      settings: this.settings,
      monitoring: this.monitoring,
      automation: this.automation,
    } = parts);
    return parts;
  }

  // --- account ---------------------------------------------------------------------------------------------

  /** Everything this object holds for the user, table by table (`GET /me/export`). */
  async exportData(): Promise<StoredTables> {
    return exportTables(this.ctx.storage.sql);
  }

  /**
   * Erases the user (`DELETE /me`): every socket closes (signed out everywhere), the alarm and all stored data go,
   * and the object starts over empty (fresh capabilities, memory included). Returns how many sockets closed.
   */
  async deleteAccount(): Promise<number> {
    let closed = 0;
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.close(WS_CLOSE_SESSION_ENDED, "session_revoked");
        closed++;
      } catch {
        // Already closing.
      }
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.parts = this.attach(composeUser(this.ctx, this.env));
    // A socket upgrade that passed the session check before the global rows went must not open here and start
    // watching the erased wallet again: from now on only sessions this object hears of afterwards open sockets (a
    // sign-in, when the global delete failed and the user came back instead of repeating it).
    this.ctx.storage.kv.put(ACCOUNT_DELETED_KEY, Date.now());
    return closed;
  }

  // --- rules -------------------------------------------------------------------------------------------------

  async listRules(): Promise<Rule[]> {
    const asleep = this.automation.asleep();
    return this.rules.list().map((rule) => withSleep(rule, asleep));
  }

  async getRule(id: string): Promise<Rule | null> {
    const rule = this.rules.get(id);
    return rule ? withSleep(rule, this.automation.asleep()) : null;
  }

  async createRule(input: RuleCreate, limits: SubscriptionLimits): Promise<CreateRuleResult> {
    const result = this.rules.create(input, limits);
    if (result.ok) await this.rulesChanged();
    return result;
  }

  /** The user's other rule with this trigger and action, if any (an edit must not make two of one rule). */
  async findDuplicateRule(
    rule: Pick<Rule, "trigger" | "action">,
    exceptId: string,
  ): Promise<Pick<Rule, "id" | "name"> | null> {
    return this.rules.duplicateOf(rule, exceptId);
  }

  async updateRule(id: string, patch: RulePatch): Promise<Rule | null> {
    const rule = this.rules.update(id, patch);
    if (rule && patch.enabled === false) await this.automation.ruleStopped(rule, "paused");
    if (rule) await this.rulesChanged();
    return rule;
  }

  async setRuleEnabled(id: string, enabled: boolean): Promise<Rule | null> {
    const rule = this.rules.setEnabled(id, enabled);
    if (rule && !enabled) await this.automation.ruleStopped(rule, "paused");
    if (rule) await this.rulesChanged();
    return rule;
  }

  async deleteRule(id: string): Promise<boolean> {
    // Its proposal names it until the row goes: what becomes of that proposal is settled first.
    const rule = this.rules.get(id);
    if (rule) await this.automation.ruleStopped(rule, "deleted");
    const deleted = this.rules.remove(id);
    if (deleted) await this.rulesChanged();
    return deleted;
  }

  /** A rule's trigger may be a line or a price level the market objects wake this user at: tell them now. */
  private async rulesChanged(): Promise<void> {
    await this.parts.wake.rulesChanged();
    await this.scheduler.reschedule();
  }

  /**
   * The wallet the automation acts for and monitoring watches: the Worker passes the verified session's address
   * with rule changes. Stored once (monitoring state).
   */
  async setAutomationOwner(address: Address): Promise<void> {
    this.ctx.storage.kv.delete(LEGACY_OWNER_KEY);
    if (this.monitoring.watch(address)) await this.scheduler.reschedule();
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

  /** The wallet declined step `stepIndex`; `sentHashes` are the steps before it, checked as sent by `user`. */
  async walletRejectedTransaction(
    id: string,
    stepIndex: number,
    sentHashes: `0x${string}`[],
    user: Address,
  ): Promise<LifecycleResult> {
    return this.automation.walletRejected(id, stepIndex, sentHashes, user);
  }

  /**
   * A rescue repay/supply proposal for `user` (the verified session's wallet), or the open one for the same chain,
   * action and asset. A new one keeps the automation loop awake to read its receipts.
   */
  async proposeRescue(request: RescueRequest, user: Address): Promise<RescueResult> {
    if (this.monitoring.watch(user)) await this.scheduler.reschedule();
    const result = await this.automation.rescue(request, user, Date.now());
    if (result.ok && result.created) await this.scheduler.reschedule();
    return result;
  }

  async simulateTransaction(id: string): Promise<LifecycleResult> {
    return this.automation.resimulate(id, Date.now());
  }

  // --- WebSockets ------------------------------------------------------------------------------------------------

  /** Marks a WebSocket ticket used; false when it was used before (tickets are single use). */
  async consumeSocketTicket(ticketId: string, expiresAt: number): Promise<boolean> {
    return this.sockets.consumeTicket(ticketId, expiresAt);
  }

  // --- sign-in sessions -------------------------------------------------------------------------------------

  /** The Worker reports a session's start and each refresh: it is valid until `expiresAt`. */
  async sessionRenewed(sessionId: string, expiresAt: number): Promise<void> {
    if (this.sessions.record(sessionId, expiresAt)) this.sockets.renewSession(sessionId, expiresAt);
  }

  /** The session was signed out or revoked: its sockets close with the reason. Returns how many closed. */
  async sessionEnded(sessionId: string, reason: WsSessionEndReason): Promise<number> {
    this.sessions.end(sessionId, reason);
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

  /**
   * Woken by a market object's position watch (positionWatch.ts): an event named the wallet (its positions are
   * re-read), a price crossed one of its lines, or the watch lost track. One check; the answer is what should
   * wake this user next, so registering costs no second call.
   */
  async onMarketWake(input: MarketWake): Promise<WakeRegistration | null> {
    const wake = marketWakeSchema.parse(input);
    const positionsChanged = wake.reason !== "prices";
    if (positionsChanged) this.portfolio.invalidate();
    if (this.monitoring.address() === null) return null;
    const registration = await this.parts.wake.answer(wake.chainId, () =>
      this.monitoring.check({ positionsChanged }),
    );
    // A sleeping automation loop ticks now: a rule's line may have been crossed.
    this.automation.woken();
    // A borrow may have made the user monitored, a full repay idle: the alarm follows.
    await this.scheduler.reschedule();
    return registration;
  }

  /** How well the user is watched: the heartbeat, the next check and each chain's status (`GET /me`). */
  async watchStatus(): Promise<WatchStatus> {
    const now = this.parts.now();
    const activeUntil = this.sessions.activeUntil(now);
    return watchStatusOf({
      lastCheckAt: this.monitoring.lastCheckAt(),
      nextCheckAt: this.monitoring.isActive() ? await this.ctx.storage.getAlarm() : null,
      intervalMs: this.monitoring.intervalMs(),
      chains: this.portfolio.chainStatuses(),
      session:
        activeUntil !== null ? { active: true } : { active: false, endedAt: this.sessions.lastEndedAt() },
      now,
    });
  }

  // --- watch-only accounts: the owner's side -----------------------------------------------------------------

  async listWatched(): Promise<WatchedAccount[]> {
    return this.parts.watched.list();
  }

  async getWatched(address: Address): Promise<WatchedAccount | null> {
    return this.parts.watched.get(address);
  }

  /** `alertThreshold` null: the user's own alert threshold. */
  async addWatched(
    input: Omit<NewWatchedAccount, "alertThreshold"> & { alertThreshold: number | null },
    limits: SubscriptionLimits,
  ): Promise<AddWatchedResult> {
    const alertThreshold = input.alertThreshold ?? this.settings.get().alertThreshold;
    return this.parts.watched.add({ ...input, alertThreshold }, limits);
  }

  async updateWatched(address: Address, patch: WatchedAccountUpdate): Promise<WatchedAccount | null> {
    return this.parts.watched.update(address, patch);
  }

  async removeWatched(address: Address): Promise<boolean> {
    const removed = this.parts.watched.remove(address);
    // Its kept alerts go too: a browser back after long must not hear of an account the user stopped watching.
    if (removed) this.outbox.forgetAccount(address);
    return removed;
  }

  /**
   * An alert from the watch object of `address` (its outbox `seq`): told to this user's sockets and kept in the
   * outbox for replay, naming the account. Dropped when the account is no longer watched or was told already.
   * True: the watch object may consider it delivered.
   */
  async receiveWatchedAlert(
    address: Address,
    seq: number,
    payload: StoredPayloadInput<"risk_alert">,
  ): Promise<boolean> {
    if (this.parts.watched.acceptAlert(address, seq))
      this.parts.publish("risk_alert", { ...payload, account: address });
    return true;
  }

  /**
   * A part of the watch of `address` stopped or works again (its watch object's outbox `seq`): told once to this
   * user, naming the account, as a watch problem keyed per account (its recovery replaces the card). Dropped as
   * alerts are: the account is no longer watched, or the seq was told already.
   */
  async receiveWatchedProblem(address: Address, seq: number, problem: WatchedProblem): Promise<boolean> {
    const parsed = watchedProblemSchema.safeParse(problem);
    // Thrown, it would be retried forever and hold back every alert after it: logged and passed over instead.
    if (!parsed.success) {
      console.log(JSON.stringify({ level: "error", msg: "watched problem not understood", address, seq }));
      return true;
    }
    const account = this.parts.watched.get(address);
    if (account && this.parts.watched.acceptAlert(address, seq)) {
      this.parts.publish("notification", {
        level: parsed.data.state === "failing" ? "error" : "success",
        ...watchedProblemWords(account, parsed.data),
        transactionId: null,
        watchProblem: `watched:${address}:${parsed.data.key}`,
      });
    }
    return true;
  }

  // --- watch-only accounts: a watch object's side (one object per watched account) -----------------------------

  /** Makes this object watch `target.address` for its owner: monitoring without automation, alerts forwarded. */
  async startWatching(target: WatchTarget): Promise<void> {
    this.parts.target.set(target, this.outbox.latestSeq());
    this.monitoring.watch(target.address);
    await this.scheduler.reschedule();
  }

  /** How well this watch object watches its account (the owner's listing); null when it watches nothing. */
  async watchingStatus(): Promise<WatchStatus | null> {
    if (!this.parts.target.get()) return null;
    return watchStatusOf({
      lastCheckAt: this.monitoring.lastCheckAt(),
      nextCheckAt: this.monitoring.isActive() ? await this.ctx.storage.getAlarm() : null,
      intervalMs: this.monitoring.intervalMs(),
      chains: this.portfolio.chainStatuses(),
      // Nobody signs in to a watch object: it watches for as long as the account is on its owner's list.
      session: { active: true },
      now: this.parts.now(),
    });
  }

  /**
   * The account was removed from the owner's list: the market objects stop waking this object, the alarm and every
   * stored row go, and the object starts over empty (memory included), so nothing about the account is told again.
   */
  async stopWatching(): Promise<void> {
    const watcherId = this.ctx.id.toString();
    const shards = indexShardCount(this.env.MARKET_INDEX_SHARDS, (event) =>
      console.log(JSON.stringify(event)),
    );
    await Promise.allSettled(
      this.parts
        .chains()
        .map((chain) =>
          positionIndexFor(this.env.MARKET, chain.chainId, watcherId, shards).stub.unwatchPositions(
            chain.chainId,
            watcherId,
          ),
        ),
    );
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.parts = this.attach(composeUser(this.ctx, this.env));
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
    // The session ended here after the Worker checked it (a logout or DELETE /me racing the upgrade): no socket.
    const erased =
      this.ctx.storage.kv.get(ACCOUNT_DELETED_KEY) !== undefined &&
      !(sessionId !== null && this.sessions.isLive(sessionId));
    const ended = erased ? "session_revoked" : sessionId ? this.sessions.endedReason(sessionId) : null;
    if (ended !== null) return this.sockets.refuse(WS_CLOSE_SESSION_ENDED, ended);
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

/** An enabled rule of a sleeping loop says so (its last evaluation may be an hour old while it is watched). */
function withSleep(rule: Rule, asleep: boolean): Rule {
  return asleep && rule.enabled ? { ...rule, asleep: true } : rule;
}
