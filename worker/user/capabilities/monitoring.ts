import { eq, sql } from "drizzle-orm";
import type { Address } from "viem";
import { z } from "zod";
import { isSignificantChange, type PortfolioFigures } from "../../../shared/portfolio/significantChange";
import { RISK_BAND_CUTOFFS } from "../../../shared/risk/bands";
import { addressSchema } from "../../../shared/schemas/common";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { UserSettings } from "../../../shared/schemas/settings";
import type {
  RiskAlertPayload,
  StoredPayloadInput,
  StoredServerMessage,
  StoredServerMessageType,
} from "../../../shared/schemas/ws";
import type { Outcome } from "../../chain/upstreamOutcome";
import { riskiestAaveAccount } from "../../defi/portfolio/riskiestAccount";
import type { UserDb } from "../db";
import { monitoringState } from "../tables/monitoring";
import { watchHeartbeat } from "../tables/watch";
import type { ScheduledTask } from "./scheduler";

/** The seed's 10 s loop; per-block reaction comes on top through the market object's price watch. */
export const MONITORING_INTERVAL_MS = 10_000;

/** The heartbeat row is rewritten at most this often (each check is remembered in memory). */
export const HEARTBEAT_CHECKPOINT_MS = 60_000;

/**
 * Hysteresis: an alert is raised when HF < threshold (or the band turns high) and only cleared once HF is back
 * above threshold × (1 + healthFactor) and the probability below the high cut-off × probability. A position
 * hovering at the threshold therefore alerts once, not every tick; 2 % of HF is about a 2 % price move.
 */
export const ALERT_HYSTERESIS = { healthFactor: 0.02, probability: 0.8 } as const;

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
  /** Asks the market objects to call back on each new block whose prices moved (a lease, renewed every tick). */
  watchPrices(): Promise<void>;
}

const openAlertSchema = z.object({
  reason: z.enum(["health_factor", "risk_band"]),
  raisedAt: z.number(),
  chainId: z.number().int().nullable(),
});
export type OpenAlert = z.infer<typeof openAlertSchema>;

const figuresSchema = z.object({
  netValueUsd: z.number(),
  debtUsd: z.number(),
  healthFactor: z.number().nullable(),
  riskBand: z.enum(["low", "medium", "high"]).nullable(),
});

export interface RiskReading {
  healthFactor: number | null;
  band: "low" | "medium" | "high" | null;
  probability: number | null;
}

export type AlertDecision =
  | { kind: "none" }
  | { kind: "raise"; reason: OpenAlert["reason"] }
  | { kind: "clear"; reason: OpenAlert["reason"] };

/** The alert state machine, pure: what to do given the open alert (if any), the reading and the threshold. */
export function decideAlert(open: OpenAlert | null, reading: RiskReading, threshold: number): AlertDecision {
  const { healthFactor, band, probability } = reading;
  if (!open) {
    if (healthFactor !== null && healthFactor < threshold) return { kind: "raise", reason: "health_factor" };
    if (band === "high") return { kind: "raise", reason: "risk_band" };
    return { kind: "none" };
  }
  const healthy = healthFactor === null || healthFactor >= threshold * (1 + ALERT_HYSTERESIS.healthFactor);
  const calm =
    band !== "high" &&
    (probability === null || probability < RISK_BAND_CUTOFFS.high * ALERT_HYSTERESIS.probability);
  return healthy && calm ? { kind: "clear", reason: open.reason } : { kind: "none" };
}

const ROW_ID = 1;

/**
 * Background monitoring of one user (table monitoring_state): every 10 s on the one alarm, and on every block
 * whose prices moved (pushed by the market object), it recomputes the portfolio from the shared market data and
 * the cached positions, sends `portfolio_update` on a significant change (shared/portfolio/significantChange.ts)
 * and `risk_alert` raised/cleared with hysteresis. Active only while the user has debt or an open socket.
 */
export class MonitoringCapability {
  private inflight: Promise<void> | undefined;
  private again = false;
  /** The heartbeat: the last completed check (memory) and the last one written. */
  private lastCheck: number | undefined;
  private lastWrittenCheck: number | undefined;

  constructor(private readonly host: MonitoringHost) {}

  /** The user's wallet: the one place the object stores it (monitoring watches it, the automation acts for it). */
  address(): Address | null {
    return this.state().address;
  }

  /** The wallet to watch (from the verified session). Returns true when it changed. */
  watch(address: Address): boolean {
    const state = this.state();
    if (state.address === address) return false;
    this.save({ address });
    return true;
  }

  isActive(): boolean {
    if (this.state().address === null) return false;
    if (this.host.socketCount() > 0) return true;
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

  task(): ScheduledTask {
    return {
      name: "monitoring",
      intervalMs: MONITORING_INTERVAL_MS,
      isActive: () => this.isActive(),
      run: () => this.check({ renewWatch: true }),
    };
  }

  /** One check; concurrent triggers (alarm and a block push) coalesce into at most one more run. */
  check(options: { renewWatch?: boolean } = {}): Promise<void> {
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
        if (options.renewWatch) await this.host.watchPrices();
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
    const outcome = await this.host.portfolio(address);
    if (!outcome.ok) {
      // A failed read says nothing about the position: keep the alert state, try again next tick.
      this.host.log({ level: "warn", msg: "monitoring read failed", failure: outcome.failure.message });
      return;
    }
    const portfolio = outcome.value;
    this.maybeSendUpdate(portfolio);
    this.maybeAlert(address, portfolio);
    this.recordCheck();
  }

  private maybeSendUpdate(portfolio: Portfolio): void {
    const figures: PortfolioFigures = {
      netValueUsd: portfolio.totals.netWorthUsd,
      debtUsd: portfolio.totals.debtUsd,
      healthFactor: portfolio.healthFactor,
      riskBand: portfolio.risk.status === "ok" ? portfolio.risk.band : null,
    };
    const last = this.state().lastFigures;
    if (last && !isSignificantChange(last, figures)) return;
    this.host.notify("portfolio_update", { portfolio });
    this.save({ lastFigures: figures });
  }

  private maybeAlert(address: Address, portfolio: Portfolio): void {
    const threshold = this.host.settings().alertThreshold;
    const risk = portfolio.risk.status === "ok" ? portfolio.risk : null;
    const reading: RiskReading = {
      healthFactor: portfolio.healthFactor,
      band: risk?.band ?? null,
      probability: risk?.probability ?? null,
    };
    const open = this.state().openAlert;
    const decision = decideAlert(open, reading, threshold);
    if (decision.kind === "none") return;
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
    const chainId = riskiestAaveAccount(portfolio.aave)?.chainId ?? null;
    const payload: RiskAlertPayload = {
      state: decision.kind === "raise" ? "raised" : "cleared",
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
        decision.kind === "raise" ? { reason: decision.reason, raisedAt: this.host.now(), chainId } : null,
    });
  }

  private state(): {
    address: Address | null;
    lastFigures: PortfolioFigures | null;
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
    lastFigures?: PortfolioFigures | null;
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

function alertMessage(
  decision: Exclude<AlertDecision, { kind: "none" }>,
  reading: RiskReading,
  threshold: number,
): string {
  const hf = reading.healthFactor === null ? "no debt" : `health factor ${reading.healthFactor.toFixed(2)}`;
  const odds =
    reading.probability === null
      ? ""
      : ` (${Math.round(reading.probability * 100)} % chance of liquidation in 24 h)`;
  if (decision.kind === "clear") return `Risk back to normal: ${hf}${odds}.`;
  if (decision.reason === "health_factor") {
    return `Your ${hf} is below your alert threshold ${threshold.toFixed(2)}${odds}. Repay debt or add collateral.`;
  }
  return `Liquidation risk is high${odds} with ${hf}. Repay debt or add collateral.`;
}
