import type { Address } from "viem";
import { z } from "zod";
import { baseToUsd } from "../../../shared/aave";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import { fingerprint } from "./fingerprint";
import { type Prices, WakeIndex, type WakeRegistration, wakeRegistrationSchema } from "./wakeIndex";

/** Most blocks one `eth_getLogs` covers; a longer gap (the object slept, the RPC failed for long) re-reads everyone. */
export const MAX_POSITION_LOG_RANGE = 1_000n;
/**
 * Blocks below the last one read that each read covers again. The head comes from one node's `eth_blockNumber`;
 * the `eth_getLogs` may be served by another (a fallback URL, a provider's load balancer) that has not reached it
 * yet and answers `[]` without an error. Re-reading a trailing window finds those events once it has caught up;
 * events already seen (by block hash and log index) wake nobody twice. Same call count: one `eth_getLogs` per block.
 */
export const POSITION_LOG_REREAD_BLOCKS = 64n;
/** A registration's lease: users renew it with every check, at least on their hourly heartbeat. */
export const WAKE_LEASE_MS = 3 * 60 * 60_000;
/** Users woken at once (a gap wakes everyone: bounded so a chain of 100,000 users does not open 100,000 calls). */
export const WAKE_CONCURRENCY = 32;

/** Why a market object wakes a user; `positions` and `resync` mean its cached positions are stale. */
export const marketWakeSchema = z.object({
  reason: z.enum(["positions", "prices", "resync"]),
  chainId: z.number().int(),
  blockNumber: z.string().regex(/^\d+$/),
});
export type MarketWake = z.infer<typeof marketWakeSchema>;

/** The Durable Object KV calls the watch makes (SyncKvStorage's; stated here so the capacity bench runs it in Node). */
export interface PositionWatchKv {
  get<T = unknown>(key: string): T | undefined;
  list<T = unknown>(options?: { prefix?: string }): Iterable<[string, T]>;
  put<T>(key: string, value: T): void;
  delete(key: string): boolean;
}

export interface PositionWatchHost {
  kv: PositionWatchKv;
  chainId: number;
  now(): number;
  /**
   * One `eth_getLogs` over [fromBlock, toBlock] for the Pool and its aTokens: each log and the wallets it names.
   * Blocks from `firstUnread` on were never read before; those below it are the re-read window.
   */
  positionLogs(
    range: { fromBlock: bigint; toBlock: bigint; firstUnread: bigint },
    market: AaveMarketSnapshot,
  ): Promise<PositionLog[]>;
  /** One call to the user object; it answers with its new registration (null: stop waking it). */
  wake(watcherId: string, wake: MarketWake): Promise<WakeRegistration | null>;
  log(event: Record<string, unknown>): void;
}

export interface PositionWatchStats {
  watchers: number;
  blocks: number;
  logReads: number;
  gaps: number;
  wakes: { positions: number; prices: number; resync: number; failed: number };
  /** The last block's wake: how its users were found and how many levels or users were looked at. */
  lastPriceLookup: { by: "levels" | "scan" | "none"; examined: number; woken: number } | null;
  lastScannedBlock: string | null;
  /** Wall time of the last block's wakes (all woken users answered), ms; null before any. */
  lastWakeMs: number | null;
  lastWoken: number;
}

/** One position event: the wallets it names and where it is (`id`: block hash and log index; null: unknown). */
export interface PositionLog {
  id: string | null;
  blockNumber: bigint | null;
  wallets: Address[];
}

/**
 * The wallets the position events of blocks [fromBlock, toBlock] named, and the events of the re-read window below
 * `fromBlock` seen for the first time (a lagging node's late answer); events seen in an earlier read are left out.
 */
export interface BlockLogs {
  fromBlock: bigint;
  toBlock: bigint;
  wallets: Address[];
}

const LAST_BLOCK_KEY = "positionWatch:lastBlock";
const REGISTRATION_PREFIX = "positionWatch:user:";

const storedSchema = z.object({ registration: wakeRegistrationSchema, until: z.number(), key: z.string() });

/**
 * The reserves' oracle prices by asset, in USD as the rules read them (worker/proposals/triggerContext.ts): health
 * factors need only their ratios, a rule's price trigger its USD value.
 */
export function pricesOf(market: AaveMarketSnapshot): Map<string, number> {
  return new Map(
    market.reserves.map((r) => [
      r.underlyingAsset.toLowerCase(),
      baseToUsd(r.priceInMarketReferenceCurrency, market.baseCurrency),
    ]),
  );
}

/**
 * Per chain, inside its market object: users are woken on need instead of polling. On each new block (the price
 * watch's poll) it reads the Pool's and aTokens' position events since the last block it read (and, again, the
 * POSITION_LOG_REREAD_BLOCKS before it) with ONE `eth_getLogs` and wakes the watchers of every wallet named by an
 * event not seen before (their positions changed: they re-read them);
 * when prices moved it wakes the users whose health factor crossed one of their lines (wakeIndex.ts). A gap
 * wider than MAX_POSITION_LOG_RANGE wakes everyone to re-read. Each woken user is called once and answers with
 * its new registration. Registrations are kept in the object's storage (written when they change or their lease
 * needs renewing), so an eviction loses nothing; the last block read is written per block.
 */
export class PositionWatch {
  private readonly index = new WakeIndex();
  private readonly leases = new Map<string, { until: number; key: string }>();
  private lastScanned: bigint | null;
  /** Before the first block: the oldest block a registered user's positions were read at. */
  private earliestRead: bigint | null = null;
  private lastPrices: Prices | null = null;
  /** What this block's log read found (the market object forwards it to its index shards). */
  private lastLogs: BlockLogs | null = null;
  /** Events of the re-read window already seen, by id, with their block (memory only: an eviction costs a wake). */
  private readonly seenLogs = new Map<string, bigint>();
  /**
   * The last block a re-read may not go back past: where the watch started without a cursor, or a gap woke everyone
   * to re-read (their events were never read, their users re-read all). Memory only: after an eviction the window
   * is read whole, a wake too many at worst.
   */
  private windowFloor: bigint | null = null;
  private readonly counters = { blocks: 0, logReads: 0, gaps: 0 };
  private readonly wakes = { positions: 0, prices: 0, resync: 0, failed: 0 };
  private lastPriceLookup: PositionWatchStats["lastPriceLookup"] = null;
  private lastWake: { ms: number; woken: number } | null = null;
  /** Per watcher, how often it was woken and why (memory only: diagnostics, tests and benchmarks). */
  private readonly wakesByWatcher = new Map<string, Record<MarketWake["reason"], number>>();

  constructor(private readonly host: PositionWatchHost) {
    const stored = host.kv.get<string>(LAST_BLOCK_KEY);
    this.lastScanned = stored === undefined ? null : BigInt(stored);
    const now = host.now();
    for (const [key, value] of host.kv.list<unknown>({ prefix: REGISTRATION_PREFIX })) {
      const parsed = storedSchema.safeParse(value);
      const id = key.slice(REGISTRATION_PREFIX.length);
      if (!parsed.success || parsed.data.until <= now) {
        host.kv.delete(key);
        continue;
      }
      this.index.set(id, parsed.data.registration);
      // The fingerprint of what is stored (records written before fingerprints kept the whole JSON as their key).
      const leaseKey = fingerprint(JSON.stringify(parsed.data.registration));
      this.leases.set(id, { until: parsed.data.until, key: leaseKey });
    }
  }

  /** A user registers (or renews): `readAtBlock` is the block its positions were read at. */
  register(watcherId: string, input: unknown, readAtBlock?: bigint): void {
    const registration = wakeRegistrationSchema.parse(input);
    if (this.lastScanned === null && readAtBlock !== undefined) {
      this.earliestRead =
        this.earliestRead === null || readAtBlock < this.earliestRead ? readAtBlock : this.earliestRead;
    }
    this.store(watcherId, registration);
  }

  unregister(watcherId: string): void {
    this.index.remove(watcherId);
    this.leases.delete(watcherId);
    this.wakesByWatcher.delete(watcherId);
    this.host.kv.delete(REGISTRATION_PREFIX + watcherId);
  }

  /** Whether anyone is watched (the market object keeps polling the head while so). */
  active(): boolean {
    this.prune();
    return this.index.size > 0;
  }

  /** The watchers with a registration. */
  watcherIds(): string[] {
    return this.index.ids();
  }

  isRegistered(watcherId: string): boolean {
    const lease = this.leases.get(watcherId);
    return lease !== undefined && lease.until > this.host.now();
  }

  /**
   * One new block: read its position events, compare its prices, wake whoever is concerned. `told`: users the
   * per-block price push just called (an open socket): a price crossing does not wake them a second time.
   */
  async onBlock(
    block: bigint,
    market: AaveMarketSnapshot,
    told: ReadonlySet<string> = new Set(),
  ): Promise<{ woken: string[]; logs: BlockLogs | null }> {
    this.prune();
    this.lastLogs = null;
    this.counters.blocks++;
    const reasons = new Map<string, MarketWake["reason"]>();
    const prices = pricesOf(market);
    const previousPrices = this.lastPrices;
    this.lastPrices = prices;
    if (previousPrices !== null) {
      const crossed = this.index.crossedBy(previousPrices, prices);
      this.lastPriceLookup = { by: crossed.by, examined: crossed.examined, woken: crossed.ids.length };
      for (const id of crossed.ids) if (!told.has(id)) reasons.set(id, "prices");
    }
    await this.scanLogs(block, market, reasons);
    const woken = [...reasons.keys()];
    if (woken.length > 0) {
      const started = performance.now();
      await this.wakeAll(reasons, block);
      this.lastWake = { ms: performance.now() - started, woken: woken.length };
    }
    return { woken, logs: this.lastLogs };
  }

  private async scanLogs(
    block: bigint,
    market: AaveMarketSnapshot,
    reasons: Map<string, MarketWake["reason"]>,
  ): Promise<void> {
    const last = this.lastScanned ?? (this.earliestRead === null ? block : this.earliestRead);
    if (this.lastScanned === null) this.windowFloor = last;
    if (block === last) {
      if (this.lastScanned === null) this.setLastScanned(block);
      return;
    }
    // Blocks nobody read, or a chain that went back (a reorg deeper than the head, a reset devnet): any position
    // may have changed without an event this watch will see. Everyone re-reads, once each.
    if (block < last || block - last > MAX_POSITION_LOG_RANGE) {
      this.counters.gaps++;
      this.host.log({
        level: "warn",
        msg: "position watch lost track",
        chainId: this.host.chainId,
        last: String(last),
        head: String(block),
      });
      for (const id of this.index.ids()) reasons.set(id, "resync");
      this.windowFloor = block;
      this.setLastScanned(block);
      return;
    }
    try {
      this.counters.logReads++;
      // The trailing window (see POSITION_LOG_REREAD_BLOCKS), never past the range limit nor below the floor.
      let fromBlock = last + 1n - POSITION_LOG_REREAD_BLOCKS;
      if (block + 1n - fromBlock > MAX_POSITION_LOG_RANGE) fromBlock = block + 1n - MAX_POSITION_LOG_RANGE;
      const floor = this.windowFloor ?? -1n;
      if (fromBlock <= floor) fromBlock = floor + 1n;
      const logs = await this.host.positionLogs(
        { fromBlock, toBlock: block, firstUnread: last + 1n },
        market,
      );
      const wallets = new Set<Address>();
      for (const log of logs) {
        if (log.id !== null) {
          if (this.seenLogs.has(log.id)) continue;
          this.seenLogs.set(log.id, log.blockNumber ?? block);
        }
        for (const wallet of log.wallets) wallets.add(wallet);
      }
      for (const [id, at] of this.seenLogs) if (at < fromBlock) this.seenLogs.delete(id);
      this.lastLogs = { fromBlock: last + 1n, toBlock: block, wallets: [...wallets] };
      for (const wallet of wallets) {
        for (const id of this.index.idsFor(wallet)) reasons.set(id, "positions");
      }
      this.setLastScanned(block);
    } catch (error) {
      // The range stays unread: the next block reads it again (or, past the range limit, wakes everyone).
      this.host.log({
        level: "warn",
        msg: "position watch log read failed",
        chainId: this.host.chainId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async wakeAll(reasons: Map<string, MarketWake["reason"]>, block: bigint): Promise<void> {
    const queue = [...reasons];
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [id, reason] = next;
        this.wakes[reason]++;
        const counts = this.wakesByWatcher.get(id) ?? { positions: 0, prices: 0, resync: 0 };
        counts[reason]++;
        this.wakesByWatcher.set(id, counts);
        try {
          const registration = await this.host.wake(id, {
            reason,
            chainId: this.host.chainId,
            blockNumber: block.toString(),
          });
          if (registration === null) this.unregister(id);
          else this.store(id, wakeRegistrationSchema.parse(registration));
        } catch (error) {
          this.wakes.failed++;
          this.host.log({ level: "warn", msg: "position wake failed", watcher: id, error: String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(WAKE_CONCURRENCY, queue.length) }, lane));
  }

  /** How often one watcher was woken, by reason, since this object started. */
  wakesOf(watcherId: string): Record<MarketWake["reason"], number> {
    return { positions: 0, prices: 0, resync: 0, ...this.wakesByWatcher.get(watcherId) };
  }

  stats(): PositionWatchStats {
    return {
      watchers: this.index.size,
      ...this.counters,
      wakes: { ...this.wakes },
      lastPriceLookup: this.lastPriceLookup,
      lastScannedBlock: this.lastScanned === null ? null : this.lastScanned.toString(),
      lastWakeMs: this.lastWake?.ms ?? null,
      lastWoken: this.lastWake?.woken ?? 0,
    };
  }

  /** Indexes the registration; writes it only when it changed or its stored lease runs past half. */
  private store(id: string, registration: WakeRegistration): void {
    const now = this.host.now();
    const key = fingerprint(JSON.stringify(registration));
    const lease = this.leases.get(id);
    if (lease?.key !== key) this.index.set(id, registration);
    if (lease?.key === key && lease.until - now > WAKE_LEASE_MS / 2) return;
    const until = now + WAKE_LEASE_MS;
    this.leases.set(id, { until, key });
    this.host.kv.put(REGISTRATION_PREFIX + id, { registration, until, key });
  }

  private setLastScanned(block: bigint): void {
    this.lastScanned = block;
    this.earliestRead = null;
    this.host.kv.put(LAST_BLOCK_KEY, block.toString());
  }

  private prune(): void {
    const now = this.host.now();
    for (const [id, lease] of this.leases) if (lease.until <= now) this.unregister(id);
  }
}
