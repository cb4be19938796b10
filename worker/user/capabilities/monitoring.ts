import { eq, sql } from "drizzle-orm";
import type { Address } from "viem";
import { z } from "zod";
import { addressSchema } from "../../../shared/schemas/common";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { UserSettings } from "../../../shared/schemas/settings";
import type {
  StoredPayloadInput,
  StoredServerMessage,
  StoredServerMessageType,
} from "../../../shared/schemas/ws";
import { liquidationMessage, liquidationRetractedMessage } from "../../../shared/words/liquidationWords";
import { liquidationDistance } from "../../../shared/words/riskWords";
import type { Outcome } from "../../chain/upstreamOutcome";
import { riskiestAaveAccount } from "../../defi/portfolio/riskiestAccount";
import { isSignificantChange } from "../../defi/portfolio/significantChange";
import type { UserDb } from "../db";
import { monitoringState } from "../tables/monitoring";
import { watchHeartbeat } from "../tables/watch";
import {
  alertMessage,
  decideAlert,
  type OpenAlert,
  openAlertSchema,
  type RiskReading,
} from "./alerts/escalation";
import type { FoundLiquidation, LiquidationScan } from "./alerts/liquidationWatch";
import type { ScheduledTask } from "./scheduler";
import { HEARTBEAT_INTERVAL_MS } from "./wake";

const NO_LIQUIDATIONS: LiquidationScan = { found: [], retracted: [], complete: true, commit: () => {} };

/** The seed's 10 s loop; per-block reaction comes on top through the market object's price watch. */
export const MONITORING_INTERVAL_MS = 10_000;
/** How long an unfinished liquidation scan is retried at MONITORING_INTERVAL_MS before the heartbeat takes over. */
export const SCAN_RETRY_FAST_MS = 10 * 60_000;

/** The heartbeat row is rewritten at most this often (each check is remembered in memory). */
export const HEARTBEAT_CHECKPOINT_MS = 60_000;

export { ALERT_HYSTERESIS, decideAlert, type OpenAlert } from "./alerts/escalation";

export interface MonitoringHost {
  db: UserDb;
  now(): number;
  log(event: Record<string, unknown>): void;
  portfolio(address: Address): Promise<Outcome<Portfolio>>;
  settings(): UserSettings;
  socketCount(): number;
  /** Whether the user has debt anywhere as last read (the positions store's answer). */
  hasDebt(): boolean;
  notify<T extends StoredServerMessageType>(type: T, payload: StoredPayloadInput<T>): StoredServerMessage;
  /** New `LiquidationCall`s naming the wallet (alerts/liquidationWatch.ts). */
  scanLiquidations(address: Address): Promise<LiquidationScan>;
  /** Forgets the cached positions: the next read goes to the chain. */
  invalidatePortfolio(): void;
  /** Asks the market objects to call back on each new block whose prices moved (a lease, renewed every tick). */
  watchPrices(): Promise<void>;
  /**
   * Whether every chain's market object wakes this user on need (position events, price levels): then, without an
   * open socket, the 10 s loop becomes an hourly heartbeat and the per-block price push is not renewed.
   */
  wokenOnNeed?(): boolean;
  /** After each completed check (the wake registration follows the positions). */
  afterCheck?(portfolio: Portfolio): Promise<void>;
  /**
   * Monitored whatever the debt and sockets (a watch object: its audience is the owner's object). Without it a
   * watched wallet without debt would never be read again, and a borrow later would go unseen.
   */
  pinned?(): boolean;
}

/** Why a check runs, when the market object woke the user. */
export interface CheckOptions {
  renewWatch?: boolean;
  /** An event named the wallet (or the watch lost track): look for liquidations even when otherwise skipped. */
  positionsChanged?: boolean;
}

const figuresSchema = z.object({
  netValueUsd: z.number(),
  debtUsd: z.number(),
  healthFactor: z.number().nullable(),
  riskBand: z.enum(["low", "medium", "high"]).nullable(),
  /** Chains not read in that check (rows stored before it was kept: none). */
  unavailableChains: z.array(z.number().int()).default([]),
});
type SentFigures = z.infer<typeof figuresSchema>;

const unavailableChainsOf = (portfolio: Portfolio) =>
  (portfolio.chains ?? [])
    .filter((chain) => chain.status === "unavailable")
    .map((chain) => chain.chainId)
    .sort((a, b) => a - b);

const sameChains = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((chainId, k) => chainId === b[k]);

const ROW_ID = 1;

/**
 * Background monitoring of one user (table monitoring_state): every 10 s on the one alarm, and on every block
 * whose prices moved (pushed by the market object), it recomputes the portfolio from the shared market data and
 * the cached positions, sends `portfolio_update` on a significant change (worker/defi/portfolio/significantChange.ts)
 * and `risk_alert` raised (escalating: warning → liquidatable → liquidated, alerts/escalation.ts) and cleared,
 * with hysteresis. Each check first looks for liquidations of the wallet (alerts/liquidationWatch.ts). Active
 * only while the user has debt or an open socket.
 */
export class MonitoringCapability {
  private inflight: Promise<void> | undefined;
  private again = false;
  /**
   * An event named the wallet since the last check (set by a wake, read by the next check), or the last scan for
   * liquidations did not read every chain to its head: the next check looks again, within MONITORING_INTERVAL_MS.
   */
  private positionsChanged = false;
  /** When the liquidation scan last read every chain to its head (memory: after an eviction the first check scans). */
  private lastCompleteScan: number | undefined;
  /** Since when scans have not read every chain to its head (undefined: the last one did). */
  private incompleteSince: number | undefined;
  /** The heartbeat: the last completed check (memory) and the last one written. */
  private lastCheck: number | undefined;
  private lastWrittenCheck: number | undefined;

  constructor(private readonly host: MonitoringHost) {}

  /** The wallet to watch (from the verified session). Returns true when it changed. */
  watch(address: Address): boolean {
    const state = this.state();
    if (state.address === address) return false;
    this.save({ address });
    return true;
  }

  /** The user's wallet: the one place the object stores it (monitoring watches it, the automation acts for it). */
  address(): Address | null {
    return this.state().address;
  }

  isActive(): boolean {
    if (this.state().address === null) return false;
    if (this.host.socketCount() > 0 || this.host.pinned?.()) return true;
    return this.host.hasDebt();
  }

  /**
   * The last check that completed on at least one chain (the watcher's heartbeat), or null before the first. Kept in
   * memory and written at most every HEARTBEAT_CHECKPOINT_MS: after an eviction it may be that much older.
   */
  lastCheckAt(): number | null {
    if (this.lastCheck !== undefined) return this.lastCheck;
    const row = this.host.db.select().from(watchHeartbeat).where(eq(watchHeartbeat.id, ROW_ID)).get();
    return row ? row.lastCheckAt.getTime() : null;
  }

  private recordCheck(): void {
    const now = this.host.now();
    const stored = this.lastWrittenCheck ?? this.lastCheckAt();
    this.lastCheck = now;
    if (stored !== null && now - stored < HEARTBEAT_CHECKPOINT_MS) return;
    const set = { lastCheckAt: new Date(now), checks: sql`${watchHeartbeat.checks} + 1` };
    this.host.db
      .insert(watchHeartbeat)
      .values({ id: ROW_ID, lastCheckAt: new Date(now), checks: 1 })
      .onConflictDoUpdate({ target: watchHeartbeat.id, set })
      .run();
    this.lastWrittenCheck = now;
  }

  /** The seed's 10 s with an open socket or while not woken on need; otherwise the hourly heartbeat. */
  intervalMs(): number {
    // An unfinished liquidation scan is retried every 10 s for a while (a transient RPC failure, a gap being read);
    // past that (a chain down for long) the hourly heartbeat retries it, so idle users do not all poll a dead RPC.
    const retrying =
      this.positionsChanged &&
      (this.incompleteSince === undefined || this.host.now() - this.incompleteSince < SCAN_RETRY_FAST_MS);
    return this.host.socketCount() === 0 && (this.host.wokenOnNeed?.() ?? false) && !retrying
      ? HEARTBEAT_INTERVAL_MS
      : MONITORING_INTERVAL_MS;
  }

  task(): ScheduledTask {
    const self = this;
    return {
      name: "monitoring",
      get intervalMs() {
        return self.intervalMs();
      },
      isActive: () => this.isActive(),
      run: () => this.check({ renewWatch: true }),
    };
  }

  /** One check; concurrent triggers (alarm and a block push) coalesce into at most one more run. */
  check(options: CheckOptions = {}): Promise<void> {
    if (options.positionsChanged) this.positionsChanged = true;
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    this.inflight = (async () => {
      try {
        do {
          this.again = false;
          await this.checkOnce();
        } while (this.again);
        if (options.renewWatch && this.intervalMs() === MONITORING_INTERVAL_MS) await this.host.watchPrices();
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  /** A client just connected: the next check sends it the current portfolio even if nothing moved. */
  clientConnected(): void {
    this.save({ lastFigures: null });
  }

  /** The open alert, for diagnostics and tests. */
  openAlert(): OpenAlert | null {
    return this.state().openAlert;
  }

  private async checkOnce(): Promise<void> {
    const { address } = this.state();
    if (address === null) return;
    // Woken on need and idle: a liquidation comes as an event naming the wallet, so then it is looked for; and at
    // least hourly (the heartbeat), so the cursors move on and a missed event is found within the hour.
    const now = this.host.now();
    const scan =
      this.positionsChanged ||
      this.intervalMs() === MONITORING_INTERVAL_MS ||
      this.lastCompleteScan === undefined ||
      now - this.lastCompleteScan >= HEARTBEAT_INTERVAL_MS;
    this.positionsChanged = false;
    // Before the read: a liquidation changed the positions, so the cached ones must not be served.
    const liquidations = scan ? await this.host.scanLiquidations(address) : NO_LIQUIDATIONS;
    if (scan && liquidations.complete) {
      this.lastCompleteScan = now;
      this.incompleteSince = undefined;
    }
    // A chain not read to its head (a failed read, a gap being caught up): look again at the next tick.
    if (!liquidations.complete) {
      this.positionsChanged = true;
      this.incompleteSince ??= now;
    }
    if (liquidations.found.length > 0 || liquidations.retracted.length > 0) this.host.invalidatePortfolio();
    const outcome = await this.host.portfolio(address);
    this.tellLiquidations(address, liquidations, outcome.ok ? outcome.value : null);
    if (!outcome.ok) {
      // A failed read says nothing about the position: keep the alert state, try again next tick.
      this.host.log({ level: "warn", msg: "monitoring read failed", failure: outcome.failure.message });
      return;
    }
    const portfolio = outcome.value;
    this.maybeSendUpdate(portfolio);
    this.maybeAlert(address, portfolio, liquidations.complete);
    this.recordCheck();
    await this.host.afterCheck?.(portfolio);
  }

  private maybeSendUpdate(portfolio: Portfolio): void {
    const figures: SentFigures = {
      netValueUsd: portfolio.totals.netWorthUsd,
      debtUsd: portfolio.totals.debtUsd,
      healthFactor: portfolio.healthFactor,
      riskBand: portfolio.risk.status === "ok" ? portfolio.risk.band : null,
      unavailableChains: unavailableChainsOf(portfolio),
    };
    const last = this.state().lastFigures;
    // A chain that stops (or starts again) answering is news even when the figures hold: the last good data shown
    // for it must be marked stale at once, not look live until the client's next read.
    if (
      last &&
      !isSignificantChange(last, figures) &&
      sameChains(last.unavailableChains, figures.unavailableChains)
    ) {
      return;
    }
    this.host.notify("portfolio_update", { portfolio });
    this.save({ lastFigures: figures });
  }

  /** `liquidationsKnown`: the liquidation scan read every chain to its head (else an alert is not cleared). */
  private maybeAlert(address: Address, portfolio: Portfolio, liquidationsKnown: boolean): void {
    const threshold = this.host.settings().alertThreshold;
    const risk = portfolio.risk.status === "ok" ? portfolio.risk : null;
    const reading: RiskReading = {
      healthFactor: portfolio.healthFactor,
      band: risk?.band ?? null,
      probability: risk?.probability ?? null,
      ...(risk ? { horizon: risk.horizon } : {}),
      distance: liquidationDistance(riskiestAaveAccount(portfolio.aave)),
    };
    const open = this.state().openAlert;
    const decision = decideAlert(open, reading, threshold);
    if (decision.kind === "none") return;
    if (decision.kind === "settle") {
      if (!open) return;
      this.save({ openAlert: { ...open, severity: decision.severity } });
      // Told to nobody now (escalation only notifies worse steps), but stored: a browser that was away must not
      // come back to the worse step as if it still held.
      this.host.notify("risk_alert", {
        state: "raised",
        severity: decision.severity,
        quiet: true,
        observedAt: this.host.now(),
        reason: open.reason,
        healthFactor: reading.healthFactor,
        threshold,
        band: reading.band,
        probability: reading.probability,
        chainId: open.chainId,
        account: address,
        message: alertMessage(
          { kind: "raise", reason: open.reason, severity: decision.severity },
          reading,
          threshold,
        ),
      });
      return;
    }
    // A chain that did not answer says nothing: an alert raised on it (or on the whole portfolio) stays open.
    const unavailable = (portfolio.chains ?? [])
      .filter((c) => c.status === "unavailable")
      .map((c) => c.chainId);
    if (
      decision.kind === "clear" &&
      unavailable.length > 0 &&
      (open?.chainId == null || unavailable.includes(open.chainId))
    ) {
      return;
    }
    // Nor does a liquidation scan that could not finish: a higher HF may be what a liquidation left behind, and
    // "recovered" must not be said before it is known that none happened.
    if (decision.kind === "clear" && !liquidationsKnown) return;
    const chainId = riskiestAaveAccount(portfolio.aave)?.chainId ?? null;
    const payload: StoredPayloadInput<"risk_alert"> = {
      state: decision.kind === "raise" ? "raised" : "cleared",
      severity: decision.kind === "raise" ? decision.severity : (open?.severity ?? "warning"),
      observedAt: this.host.now(),
      reason: decision.reason,
      healthFactor: reading.healthFactor,
      threshold,
      band: reading.band,
      probability: reading.probability,
      chainId,
      account: address,
      message: alertMessage(decision, reading, threshold),
    };
    this.host.notify("risk_alert", payload);
    this.save({
      openAlert:
        decision.kind === "raise"
          ? {
              reason: decision.reason,
              raisedAt: open?.raisedAt ?? this.host.now(),
              chainId,
              severity: decision.severity,
            }
          : null,
    });
  }

  /** Each new liquidation once (then remembered), and the alert opens (or stays open) at its worst step. */
  private tellLiquidations(address: Address, scan: LiquidationScan, portfolio: Portfolio | null): void {
    for (const { chainId, liquidation } of scan.retracted) {
      this.host.notify("notification", {
        level: "warning",
        title: "Liquidation undone by a chain reorganisation",
        message: liquidationRetractedMessage(liquidation, chainId),
        transactionId: null,
        liquidationUndone: { chainId, txHash: liquidation.txHash, logIndex: liquidation.logIndex },
      });
    }
    // The open alert's "liquidated" step was not real: lowered, so the next reading tells the true step (a
    // position under 1 is told "liquidatable", a healthy one "recovered"). Stored quietly as the current step, as
    // a settle is: a browser that was away must not come back to "liquidated".
    const open = this.state().openAlert;
    if (scan.retracted.length > 0 && scan.found.length === 0 && open?.severity === "liquidated") {
      this.save({ openAlert: { ...open, severity: "warning" } });
      const risk = portfolio?.risk.status === "ok" ? portfolio.risk : null;
      const reading = {
        healthFactor: portfolio ? portfolio.healthFactor : null,
        band: risk?.band ?? null,
        probability: risk?.probability ?? null,
      };
      const threshold = this.host.settings().alertThreshold;
      this.host.notify("risk_alert", {
        state: "raised",
        severity: "warning",
        quiet: true,
        observedAt: this.host.now(),
        reason: open.reason,
        ...reading,
        threshold,
        chainId: open.chainId,
        account: address,
        message: alertMessage(
          { kind: "raise", reason: open.reason, severity: "warning" },
          reading,
          threshold,
        ),
      });
    }
    if (scan.found.length === 0) {
      scan.commit(); // moves the cursors
      return;
    }
    const threshold = this.host.settings().alertThreshold;
    const risk = portfolio?.risk.status === "ok" ? portfolio.risk : null;
    for (const found of scan.found)
      this.host.notify("risk_alert", this.liquidationPayload(address, found, portfolio, threshold, risk));
    scan.commit();
    const chainId = scan.found.at(-1)?.chainId ?? null;
    this.save({
      openAlert: {
        reason: "health_factor",
        raisedAt: open?.raisedAt ?? this.host.now(),
        chainId,
        severity: "liquidated",
      },
    });
  }

  private liquidationPayload(
    address: Address,
    found: FoundLiquidation,
    portfolio: Portfolio | null,
    threshold: number,
    risk: { band: "low" | "medium" | "high"; probability: number } | null,
  ): StoredPayloadInput<"risk_alert"> {
    return {
      state: "raised",
      severity: "liquidated",
      liquidation: found.liquidation,
      observedAt: this.host.now(),
      reason: "health_factor",
      healthFactor: portfolio?.healthFactor ?? null,
      threshold,
      band: risk?.band ?? null,
      probability: risk?.probability ?? null,
      chainId: found.chainId,
      account: address,
      message: liquidationMessage(found.liquidation, portfolio ? portfolio.healthFactor : undefined),
    };
  }

  private state(): {
    address: Address | null;
    lastFigures: SentFigures | null;
    openAlert: OpenAlert | null;
  } {
    const row = this.host.db.select().from(monitoringState).where(eq(monitoringState.id, ROW_ID)).get();
    if (!row) return { address: null, lastFigures: null, openAlert: null };
    const address = addressSchema.safeParse(row.address);
    const figures = figuresSchema.safeParse(row.lastFigures);
    const alert = openAlertSchema.safeParse(row.openAlert);
    return {
      address: address.success ? address.data : null,
      lastFigures: figures.success ? figures.data : null,
      openAlert: alert.success ? alert.data : null,
    };
  }

  private save(patch: {
    address?: Address;
    lastFigures?: SentFigures | null;
    openAlert?: OpenAlert | null;
  }): void {
    const updatedAt = new Date(this.host.now());
    const set = { ...patch, updatedAt };
    this.host.db
      .insert(monitoringState)
      .values({ id: ROW_ID, address: null, lastFigures: null, openAlert: null, ...set })
      .onConflictDoUpdate({ target: monitoringState.id, set })
      .run();
  }
}
