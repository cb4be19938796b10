import type { Address } from "viem";
import { z } from "zod";
import type { PriceHistory } from "../../shared/risk/priceHistory";
import type {
  StoredPayloadInput,
  StoredServerMessage,
  StoredServerMessageType,
} from "../../shared/schemas/ws";
import { watchedAccountName } from "../../shared/words/watchedAccountWords";
import { publicClientFor } from "../chain/client";
import { servedChains } from "../chain/servedChains";
import type { Outcome } from "../chain/upstreamOutcome";
import { type ConfigVars, loadConfig } from "../config";
import type { AaveMarketSnapshot } from "../defi/aave/snapshots";
import { indexShardCount } from "../defi/market/indexShards";
import { POSITIONS_TTL_MS } from "../defi/market/marketCache";
import { type MarketDurableObject, marketObjectFor, positionIndexFor } from "../defi/market/marketObject";
import type { WakeRegistration } from "../defi/market/wakeIndex";
import { portfolioRisk } from "../defi/portfolio/portfolioRisk";
import type { Cached } from "../defi/portfolio/sources";
import { LiquidationWatch } from "./capabilities/alerts/liquidationWatch";
import { AutomationCapability, automationIntervalMs } from "./capabilities/automation";
import { healthFactorLines, priceLevels } from "./capabilities/automation/idleRules";
import { MonitoringCapability } from "./capabilities/monitoring";
import { OutboxCapability } from "./capabilities/outbox";
import { PortfolioCapability } from "./capabilities/portfolio";
import { RulesCapability } from "./capabilities/rules";
import { Scheduler } from "./capabilities/scheduler";
import { SessionsCapability } from "./capabilities/sessions";
import { SettingsCapability } from "./capabilities/settings";
import { SocketsCapability } from "./capabilities/sockets";
import { taskHealthNotice } from "./capabilities/taskHealthNotice";
import { TransactionsCapability } from "./capabilities/transactions";
import { HEARTBEAT_INTERVAL_MS, POSITIONS_GUARD_MS, WakeCapability } from "./capabilities/wake";
import { WatchedAccountsCapability } from "./capabilities/watchedAccounts";
import { type AlertReceivers, forwardedOf, WatchTargetCapability } from "./capabilities/watchTarget";
import { migrateUserDb, openUserDb } from "./db";
import { MarketViews } from "./marketViews";

/**
 * Durable Object KV key where older objects kept the automation's wallet. The wallet is stored once now (monitoring
 * state); this key is read only as a fallback and removed when the wallet is next reported.
 */
export const LEGACY_OWNER_KEY = "automation.owner";

/** The bindings a user object uses. */
export interface UserObjectEnv extends ConfigVars {
  MARKET: DurableObjectNamespace<MarketDurableObject>;
  /** The user objects themselves: a watch object forwards its alerts to its owner's (absent: nothing to forward). */
  USER?: AlertReceivers;
  /**
   * Seconds raw positions kept by events are served (default POSITIONS_GUARD_MS). The worker tests set 30: their
   * files revert the shared devnet, which changes positions without an event.
   */
  POSITIONS_GUARD_SECONDS?: string;
  /**
   * Seconds between automation ticks (default AUTOMATION_INTERVAL_MS, the seed's 30 s). The e2e stack sets a few
   * seconds so its proposals and receipts do not wait half a minute each; production keeps the default.
   */
  AUTOMATION_INTERVAL_SECONDS?: string;
  /** Index shards per chain for wake registrations (default 1: the market object holds them; indexShards.ts). */
  MARKET_INDEX_SHARDS?: string;
}

const guardSecondsSchema = z.coerce
  .number()
  .int()
  .min(30)
  .max(7 * 86_400);

/** Where the per-chain shared data comes from: the chain's market object, unless a test reads it another way. */
export interface MarketAccess {
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  priceHistory(chainId: number): Promise<PriceHistory>;
  watchPrices(chainId: number, watcherId: string): Promise<void>;
  /** Registers what should wake the user (positionWatch.ts); absent: the user keeps the 10 s loop. */
  watchPositions?(
    chainId: number,
    watcherId: string,
    registration: WakeRegistration,
    readAtBlock: string | null,
  ): Promise<void>;
}

/**
 * What a test may replace: the clock and the alarm (simulated time: the test fires the alarm itself) and the market
 * data source (to read through a faulty RPC).
 */
export interface UserOverrides {
  now?: () => number;
  alarms?: Pick<DurableObjectStorage, "getAlarm" | "setAlarm" | "deleteAlarm">;
  market?: MarketAccess;
}

/**
 * Builds a user's capabilities over the object's storage: each owns its tables behind a narrow host, and they reach
 * one another only through what is wired here. The Durable Object class is a thin RPC face over the result; fault
 * tests build the same graph with a simulated clock.
 */
export function composeUser(ctx: DurableObjectState, env: UserObjectEnv, overrides: UserOverrides = {}) {
  const db = openUserDb(ctx.storage);
  // Nothing else runs until the schema is current (also after eviction: the constructor runs again).
  void ctx.blockConcurrencyWhile(() => migrateUserDb(db));
  const now = overrides.now ?? (() => Date.now());
  const host = { db, now, newId: () => crypto.randomUUID() };
  const log = (event: Record<string, unknown>) => console.log(JSON.stringify(event));
  const chains = () => servedChains(loadConfig(env));
  const client = (chainId: number) => publicClientFor(loadConfig(env), chainId);
  // One price history per chain, kept by its market object: every forecast of every user reads it.
  // A check's snapshot and history come in one request (marketViews.ts).
  const indexShards = indexShardCount(env.MARKET_INDEX_SHARDS, log);
  const views = new MarketViews({
    now,
    view: (chainId, heldHistoryKey) =>
      marketObjectFor(env.MARKET, chainId).marketView(chainId, heldHistoryKey),
  });
  const market: MarketAccess = overrides.market ?? {
    aaveMarket: (chainId) => views.aaveMarket(chainId),
    priceHistory: (chainId) => views.priceHistory(chainId),
    watchPrices: (chainId, watcherId) => marketObjectFor(env.MARKET, chainId).watchPrices(chainId, watcherId),
    watchPositions: (chainId, watcherId, registration, readAtBlock) => {
      const index = positionIndexFor(env.MARKET, chainId, watcherId, indexShards);
      return index.stub.watchPositions(chainId, watcherId, registration, readAtBlock, index.shard);
    },
  };

  const rules = new RulesCapability({
    ...host,
    quarantined: (rule, problem) =>
      void publish("notification", {
        level: "error",
        title: `Automation rule “${rule.name}” was switched off`,
        message: problem,
        transactionId: null,
      }),
  });
  const transactions = new TransactionsCapability({
    ...host,
    unreadable: {
      told: ctx.storage.kv,
      tell: (transaction) =>
        void publish("notification", {
          level: "error",
          title: `Vigil can no longer read the proposal “${transaction.title}”`,
          message: `It was ${transaction.status} when it was last saved. Vigil no longer shows or tracks it, so it will not tell you how it ends: check your wallet's activity for anything it sent.`,
          transactionId: null,
        }),
    },
  });
  const outbox = new OutboxCapability({ ...host, log });
  const sockets = new SocketsCapability({
    ...host,
    ctx,
    latestSeq: () => outbox.latestSeq(),
    since: (afterSeq) => outbox.since(afterSeq),
  });
  const sessions = new SessionsCapability({
    kv: ctx.storage.kv,
    now,
    closeExpiredSockets: (at) => sockets.closeExpired(at),
    socketCount: () => sockets.count(),
  });
  const settings = new SettingsCapability({
    ...host,
    log,
    unreadable: {
      told: ctx.storage.kv,
      tell: (defaults) =>
        void publish("notification", {
          level: "warning",
          title: "Vigil could not read your saved alert threshold",
          message: `Until you save it again in Vigil's options, you are alerted when a health factor falls below ${defaults.alertThreshold} (the default).`,
          transactionId: null,
        }),
    },
  });
  const watched = new WatchedAccountsCapability({
    ...host,
    unreadable: {
      told: ctx.storage.kv,
      tell: (account) =>
        void publish("notification", {
          level: "warning",
          title: `Vigil could not read the alert threshold you saved for ${watchedAccountName(account)}`,
          message: `Until you save it again, you are alerted when its health factor falls below ${account.alertThreshold} (the default).`,
          transactionId: null,
        }),
    },
  });
  const target = new WatchTargetCapability({
    ...host,
    log,
    since: (afterSeq) => outbox.since(afterSeq),
    deliver: async (ownerId, address, seq, message) => {
      if (!env.USER) return false;
      const owner = env.USER.getByName(ownerId);
      return message.kind === "risk_alert"
        ? owner.receiveWatchedAlert(address, seq, message.payload)
        : owner.receiveWatchedProblem(address, seq, message.problem);
    },
    told: ctx.storage.kv,
    publish: (payload) => void publish("notification", payload),
  });
  // A watch object alerts at the threshold its owner chose for that account; a user's own object at the settings'.
  const alertSettings = () => {
    const watching = target.get();
    return watching ? { alertThreshold: watching.alertThreshold } : settings.get();
  };
  // The rules' price triggers, as levels on the chain each reads its price from.
  const rulePriceLevels = () => priceLevels(rules.listEnabled(), chains());
  const guard = guardSecondsSchema.safeParse(env.POSITIONS_GUARD_SECONDS);
  const guardMs =
    env.POSITIONS_GUARD_SECONDS !== undefined && guard.success ? guard.data * 1000 : POSITIONS_GUARD_MS;
  const watchPositions = market.watchPositions?.bind(market);
  const wake = new WakeCapability({
    kv: ctx.storage.kv,
    now,
    log,
    alertThreshold: () => alertSettings().alertThreshold,
    ruleLines: () => healthFactorLines(rules.listEnabled()),
    rulePriceLevels: (chainId) => rulePriceLevels().filter((level) => level.chainId === chainId),
    registered: (chainId) => portfolio.keepPositions(chainId),
    ...(watchPositions
      ? {
          register: (chainId: number, registration: WakeRegistration, readAtBlock: string | null) =>
            watchPositions(chainId, ctx.id.toString(), registration, readAtBlock),
        }
      : {}),
  });
  /** Stores a message (validated) with the next seq and pushes it to every open socket, in seq order. */
  const publish = <T extends StoredServerMessageType>(
    type: T,
    payload: StoredPayloadInput<T>,
  ): StoredServerMessage => {
    const message = outbox.append(type, payload);
    sockets.broadcast(message);
    // A watch object's alerts and watch problems go on to its owner now (the outbox keeps them until delivered).
    if (forwardedOf(message) && target.get()) void target.flush();
    return message;
  };
  const portfolio = new PortfolioCapability({
    ...host,
    kv: ctx.storage.kv,
    chains,
    client,
    log,
    aaveMarket: (chainId) => market.aaveMarket(chainId),
    risk: (aave, asOf) => portfolioRisk(aave, (chainId) => market.priceHistory(chainId), asOf),
    // Positions change only through events the chain's market object wakes the user for.
    positionsTtlMs: (chainId) => (wake.indexed(chainId) ? guardMs : POSITIONS_TTL_MS),
  });
  const liquidations = new LiquidationWatch({
    kv: ctx.storage.kv,
    chains,
    client,
    aaveMarket: (chainId) => market.aaveMarket(chainId),
    log,
  });
  const monitoring = new MonitoringCapability({
    ...host,
    log,
    portfolio: async (address) => {
      try {
        return await portfolio.get(address);
      } finally {
        // A watch object tells its owner of a chain it cannot read (the owner sees no portfolio of the account).
        target.chainsRead(portfolio.chainStatuses());
      }
    },
    wokenOnNeed: () => wake.allIndexed(),
    afterCheck: (read) => wake.afterCheck(read),
    scanLiquidations: (address) => liquidations.scan(address),
    invalidatePortfolio: () => portfolio.invalidate(),
    settings: alertSettings,
    socketCount: () => sockets.count(),
    hasDebt: () => portfolio.positions.hasDebt(),
    pinned: () => target.get() !== null,
    notify: (type, payload) => publish(type, payload),
    watchPrices: async () => {
      const watcherId = ctx.id.toString();
      // Each chain's lease on its own: a market object that fails does not stop the others' callbacks.
      await Promise.allSettled(chains().map((chain) => market.watchPrices(chain.chainId, watcherId)));
    },
  });
  const automation = new AutomationCapability({
    rules,
    transactions,
    now,
    owner: () => monitoring.address() ?? ctx.storage.kv.get<Address>(LEGACY_OWNER_KEY) ?? null,
    sessionActive: () => sessions.activeUntil() !== null,
    chains,
    client,
    aaveMarket: (chainId) => market.aaveMarket(chainId),
    portfolio: (address) => portfolio.get(address),
    priceHistory: (chainId) => market.priceHistory(chainId),
    invalidatePortfolio: () => portfolio.invalidate(),
    // publish is synchronous: the outbox entry commits with whatever the caller wrote just before.
    notify: async (type, payload) => publish(type, payload),
    log,
    intervalMs: automationIntervalMs(env.AUTOMATION_INTERVAL_SECONDS, log),
    // Only HF-shaped rules, none holding: sleep like monitoring until the market object wakes the user.
    idle: {
      kv: ctx.storage.kv,
      wokenOnNeed: () => sockets.count() === 0 && wake.allIndexed(),
      wakesRegistered: () => wake.registers(healthFactorLines(rules.listEnabled()), rulePriceLevels()),
      intervalMs: HEARTBEAT_INTERVAL_MS,
    },
  });
  // Periodic tasks sharing the one alarm: monitoring, the automation loop and the sessions' socket expiry.
  // A task failing run after run is told once, and so is its recovery, whatever made it fail: the watch never stops
  // in silence. (A watch object forwards the notice to its owner, naming the account: watchTarget.ts.)
  const taskHealth = {
    told: ctx.storage.kv,
    failing: (task: string) => void publish("notification", taskHealthNotice(task, "failing")),
    recovered: (task: string) => void publish("notification", taskHealthNotice(task, "recovered")),
  };
  const scheduler = new Scheduler({ db, storage: overrides.alarms ?? ctx.storage, now, log, taskHealth }, [
    monitoring.task(),
    automation.task(),
    sessions.task(),
    target.task(),
  ]);
  return {
    db,
    now,
    chains,
    rules,
    transactions,
    outbox,
    sockets,
    sessions,
    settings,
    watched,
    target,
    portfolio,
    monitoring,
    automation,
    scheduler,
    publish,
    wake,
  };
}

export type UserParts = ReturnType<typeof composeUser>;
