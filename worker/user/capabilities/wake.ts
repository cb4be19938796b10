import type { Portfolio } from "../../../shared/schemas/portfolio";
import { WAKE_LEASE_MS } from "../../defi/market/positionWatch";
import { WAKE_LINES_MAX, type WakeRegistration, wakeRegistrationSchema } from "../../defi/market/wakeIndex";
import { ALERT_HYSTERESIS } from "./alerts/escalation";

/** An idle user's (no open socket) monitoring interval once its market objects wake it on need. */
export const HEARTBEAT_INTERVAL_MS = 60 * 60_000;
/**
 * How long Aave positions are served from cache while the chain's market object wakes the user on every event
 * naming its wallet: a guard against an event the watch missed without noticing (a gap it notices re-reads all).
 */
export const POSITIONS_GUARD_MS = 24 * 60 * 60_000;

export interface WakeHost {
  /** The object's key-value storage: what was registered outlives an eviction (idle objects are evicted). */
  kv: Pick<SyncKvStorage, "get" | "put">;
  now(): number;
  alertThreshold(): number;
  /** The health-factor triggers of the user's enabled rules: lines to be woken at too. */
  ruleLines?(): readonly number[];
  /** The price triggers of the user's enabled rules read on this chain: USD prices of an asset to be woken at. */
  rulePriceLevels?(chainId: number): readonly { asset: `0x${string}`; usd: number }[];
  /** Tells a chain's market object what wakes this user; absent when the market source cannot (tests). */
  register?: (chainId: number, registration: WakeRegistration, readAtBlock: string | null) => Promise<void>;
  /** The chain's market object accepted the registration: positions may now be kept past 30 s. */
  registered?(chainId: number): void;
  log(event: Record<string, unknown>): void;
}

/** Exposure rounded to 6 significant digits: interest alone must not make a registration look new. */
const round = (x: number) => Number(x.toPrecision(6));

/**
 * What wakes this user, per chain, derived from its last portfolio: its wallet (any Pool or aToken event naming
 * it) and, per asset, its collateral (× liquidation threshold) and debt in tokens with the health-factor lines
 * where something happens (1 and the alert threshold, each with its hysteresis mark). The market object turns
 * these into price levels (worker/defi/market/wakeIndex.ts). Sent after a check when it changed or its lease
 * needs renewing; the answer to a wake carries it at no extra request.
 */
const STATE_KEY = "wake:state";

interface WakeState {
  /** The chains of the last portfolio with an Aave account. */
  chains: number[];
  /** Per chain, when the registration was last accepted and what it was. */
  sent: Record<string, { at: number; key: string }>;
}

export class WakeCapability {
  private state: WakeState | null = null;
  private last: Portfolio | null = null;
  /** The chain whose wake is being answered: its registration goes back in the answer, not in a call. */
  private answering: number | null = null;

  constructor(private readonly host: WakeHost) {}

  registration(portfolio: Portfolio, chainId: number): WakeRegistration | null {
    const account = portfolio.aave.find((a) => a.chainId === chainId);
    if (!account) return null;
    const byAsset = new Map<string, { asset: `0x${string}`; collateral: number; debt: number }>();
    const of = (asset: `0x${string}`) => {
      const key = asset.toLowerCase();
      let entry = byAsset.get(key);
      if (!entry) {
        entry = { asset, collateral: 0, debt: 0 };
        byAsset.set(key, entry);
      }
      return entry;
    };
    for (const supply of account.supplies) {
      if (supply.usedAsCollateral) of(supply.asset).collateral += supply.amount * supply.liquidationThreshold;
      else of(supply.asset);
    }
    for (const borrow of account.borrows) of(borrow.asset).debt += borrow.amount;
    const threshold = this.host.alertThreshold();
    const margin = 1 + ALERT_HYSTERESIS.healthFactor;
    return {
      address: portfolio.userAddress,
      exposure: [...byAsset.values()].map((e) => ({
        ...e,
        collateral: round(e.collateral),
        debt: round(e.debt),
      })),
      lines: [
        ...new Set([1, margin, threshold, round(threshold * margin), ...(this.host.ruleLines?.() ?? [])]),
      ]
        .slice(0, WAKE_LINES_MAX)
        .sort((a, b) => a - b),
      ...this.priceLevelsOf(chainId),
    };
  }

  private priceLevelsOf(chainId: number): Pick<WakeRegistration, "priceLevels"> {
    const levels = (this.host.rulePriceLevels?.(chainId) ?? []).slice(0, WAKE_LINES_MAX);
    return levels.length > 0 ? { priceLevels: levels.map(({ asset, usd }) => ({ asset, usd })) } : {};
  }

  /**
   * Whether every chain's registration, accepted and well within its lease, carries all of these lines, and the
   * chain each price level belongs to carries that level.
   */
  registers(
    lines: readonly number[],
    priceLevels: readonly { chainId: number; asset: string; usd: number }[] = [],
  ): boolean {
    if (!this.allIndexed()) return false;
    const { chains, sent } = this.read();
    const accepted = (chainId: number) => {
      const key = sent[chainId]?.key;
      const parsed = key ? wakeRegistrationSchema.safeParse(JSON.parse(key)) : null;
      return parsed?.success ? parsed.data : null;
    };
    const linesHeld = chains.every((chainId) => {
      const registration = accepted(chainId);
      return registration !== null && lines.every((line) => registration.lines.includes(line));
    });
    return (
      linesHeld &&
      priceLevels.every((level) =>
        (accepted(level.chainId)?.priceLevels ?? []).some(
          (held) => held.asset.toLowerCase() === level.asset.toLowerCase() && held.usd === level.usd,
        ),
      )
    );
  }

  /** After every completed check: registers where it changed or is due (at most every half lease). */
  async afterCheck(portfolio: Portfolio): Promise<void> {
    this.last = portfolio;
    const chains = portfolio.aave.map((a) => a.chainId);
    if (chains.join(",") !== this.read().chains.join(",")) this.write({ ...this.read(), chains });
    const register = this.host.register;
    if (!register) return;
    const now = this.host.now();
    const blocks = new Map(portfolio.asOf.map((b) => [b.chainId, b.blockNumber]));
    await Promise.allSettled(
      portfolio.aave.map(async ({ chainId }) => {
        if (chainId === this.answering) return;
        const registration = this.registration(portfolio, chainId);
        if (!registration) return;
        const key = JSON.stringify(registration);
        const sent = this.read().sent[chainId];
        if (sent?.key === key && now - sent.at < WAKE_LEASE_MS / 2) return;
        try {
          await register(chainId, registration, blocks.get(chainId) ?? null);
          this.setSent(chainId, { at: now, key });
          this.host.registered?.(chainId);
        } catch (error) {
          this.setSent(chainId, null);
          this.host.log({ level: "warn", msg: "wake registration failed", chainId, error: String(error) });
        }
      }),
    );
  }

  /**
   * The enabled rules changed: their lines and price levels go to the market objects now (from the last checked
   * portfolio), not with the next check, which for a sleeping user is the hourly heartbeat. Until then a new rule
   * keeps the automation loop awake (its lines are not registered), so nothing is missed, only paid for.
   */
  async rulesChanged(): Promise<void> {
    if (this.last) await this.afterCheck(this.last);
  }

  /** Runs a woken check; returns the registration to answer the wake with (null: nothing to wake for). */
  async answer(chainId: number, check: () => Promise<void>): Promise<WakeRegistration | null> {
    this.answering = chainId;
    try {
      await check();
    } finally {
      this.answering = null;
    }
    const registration = this.last ? this.registration(this.last, chainId) : null;
    this.setSent(chainId, registration ? { at: this.host.now(), key: JSON.stringify(registration) } : null);
    return registration;
  }

  /** Whether the chain's market object wakes this user on need (a registration it accepted, well within its lease). */
  indexed(chainId: number): boolean {
    const sent = this.read().sent[chainId];
    return sent !== undefined && this.host.now() - sent.at < WAKE_LEASE_MS * 0.9;
  }

  /** Whether every chain of the last portfolio with an Aave account wakes this user on need. */
  allIndexed(): boolean {
    const { chains } = this.read();
    return chains.length > 0 && chains.every((chainId) => this.indexed(chainId));
  }

  private read(): WakeState {
    this.state ??= this.host.kv.get<WakeState>(STATE_KEY) ?? { chains: [], sent: {} };
    return this.state;
  }

  /** Written only when a registration is sent or answered (at most every half lease) or the chains change. */
  private setSent(chainId: number, sent: { at: number; key: string } | null): void {
    const state = this.read();
    const current = state.sent[chainId];
    if (sent === null && current === undefined) return;
    const next = { ...state.sent };
    if (sent === null) delete next[chainId];
    else {
      // Answering a wake with an unchanged registration well inside its lease: nothing worth a write.
      if (current?.key === sent.key && sent.at - current.at < WAKE_LEASE_MS / 2) return;
      next[chainId] = sent;
    }
    this.write({ ...state, sent: next });
  }

  private write(state: WakeState): void {
    this.state = state;
    this.host.kv.put(STATE_KEY, state);
  }
}
