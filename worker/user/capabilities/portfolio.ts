import type { Address, PublicClient } from "viem";
import type { ChainConfig } from "../../../shared/chains";
import type {
  AaveAccount,
  HISTORY_RANGES,
  Portfolio,
  PortfolioHistory,
  PortfolioRisk,
} from "../../../shared/schemas/portfolio";
import type { ChainStatus } from "../../../shared/schemas/watchStatus";
import {
  captureUpstream,
  type Outcome,
  type UpstreamFailure,
  unwrapOutcome,
} from "../../chain/upstreamOutcome";
import { readAaveUser } from "../../defi/aave/readAave";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "../../defi/aave/snapshots";
import { type EigenLayerDeposit, readEigenLayerDeposits } from "../../defi/eigenlayer/readEigenLayer";
import { POSITIONS_TTL_MS, SingleFlightCache } from "../../defi/market/marketCache";
import { buildPortfolio, type ChainFailure } from "../../defi/portfolio/buildPortfolio";
import type { Cached } from "../../defi/portfolio/sources";
import type { UserDb } from "../db";
import { ChainReadsStore } from "./chainReads";
import { PortfolioHistoryStore } from "./portfolioHistory";
import { PositionsStore } from "./portfolioPositions";

export interface PortfolioHost {
  db: UserDb;
  /**
   * Where raw positions kept by events are stored, so that they outlive an eviction (an idle object is evicted
   * between hourly heartbeats); absent: memory only.
   */
  kv?: Pick<SyncKvStorage, "get" | "put" | "delete">;
  now(): number;
  newId(): string;
  /** The chains this deployment serves. */
  chains(): readonly ChainConfig[];
  client(chainId: number): PublicClient;
  /** The chain's shared market data (the per-chain market object). */
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  risk(aave: readonly AaveAccount[], asOf: Portfolio["asOf"]): Promise<PortfolioRisk>;
  log?(event: Record<string, unknown>): void;
  /**
   * How long the chain's cached positions may be served: the seed's 30 s, or much longer while the chain's
   * market object wakes this user on every event naming its wallet (they cannot change without one).
   */
  positionsTtlMs?(chainId: number): number;
}

/**
 * The user's portfolio: reads every served chain, each with its own outcome, and keeps what it read in three
 * stores: positions (portfolioPositions.ts), each chain's status and last good data (chainReads.ts) and the history
 * (portfolioHistory.ts). Raw positions are cached for the seed's 30 s and recomputed against the shared market data
 * on every read; `invalidate` drops them after a transaction.
 *
 * One chain down is one chain down: a read answers with the chains that worked, `chains` saying which did not (and
 * `stale` holding their last good data, apart from the fresh accounts); it fails only when every chain failed.
 */
export class PortfolioCapability {
  private readonly aaveUsers: SingleFlightCache<AaveUserSnapshot>;
  private readonly deposits: SingleFlightCache<EigenLayerDeposit[]>;
  readonly positions: PositionsStore;
  readonly chainReads: ChainReadsStore;
  private readonly historyStore: PortfolioHistoryStore;
  private invalidations = 0;
  /** Per chain, the block of the last market snapshot read (memory: a new object starts without one). */
  private readonly heads = new Map<number, bigint>();

  constructor(private readonly host: PortfolioHost) {
    this.aaveUsers = new SingleFlightCache(POSITIONS_TTL_MS, host.now);
    this.deposits = new SingleFlightCache(POSITIONS_TTL_MS, host.now);
    this.positions = new PositionsStore(host);
    this.chainReads = new ChainReadsStore(host);
    this.historyStore = new PortfolioHistoryStore({
      ...host,
      portfolioId: (chainId, address) => this.positions.portfolioId(chainId, address),
    });
  }

  async get(user: Address): Promise<Outcome<Portfolio>> {
    return captureUpstream("Reading your portfolio", async () => {
      const chains = this.host.chains();
      // The market is read first (once per chain): a head below the last one seen drops the cached positions
      // before they are served.
      const markets = new Map<number, Promise<Outcome<Cached<AaveMarketSnapshot>>>>();
      const marketOf = (chainId: number) => {
        let read = markets.get(chainId);
        if (!read) {
          read = this.host.aaveMarket(chainId).then((outcome) => {
            if (outcome.ok) this.sawHead(chainId, outcome.value.value.blockNumber);
            return outcome;
          });
          markets.set(chainId, read);
        }
        return read;
      };
      const headChecked = async (chainId: number) => {
        if (this.chain(chainId).aave) await marketOf(chainId).catch(() => undefined);
      };
      const read = await buildPortfolio({
        user,
        chains,
        risk: (aave, asOf) => this.host.risk(aave, asOf),
        sources: {
          aaveMarket: async (chainId) => unwrapOutcome(await marketOf(chainId)),
          aaveUser: async (chainId, address) => {
            const market = this.chain(chainId).aave;
            if (!market) throw new Error(`chain ${chainId} has no Aave market`);
            await headChecked(chainId);
            return this.kept(
              chainId,
              this.aaveUsers,
              `aave:${chainId}:${address}`,
              () => readAaveUser({ client: this.host.client(chainId), chainId, market, user: address }),
              this.host.positionsTtlMs?.(chainId),
            );
          },
          eigenLayerDeposits: async (chainId, address) => {
            const eigenLayer = this.chain(chainId).eigenLayer;
            if (!eigenLayer) throw new Error(`chain ${chainId} has no EigenLayer deployment`);
            await headChecked(chainId);
            // Kept as long as Aave positions: the market object's log read wakes this user on a Deposit or
            // queued withdrawal naming the wallet (worker/defi/eigenlayer/stakerEvents.ts) as on an Aave event.
            return this.kept(
              chainId,
              this.deposits,
              `eigenlayer:${chainId}:${address}`,
              () => readEigenLayerDeposits({ client: this.host.client(chainId), eigenLayer, user: address }),
              this.host.positionsTtlMs?.(chainId),
            );
          },
        },
      });
      for (const { chainId, failure } of read.failed) this.chainReads.failed(chainId, failure);
      // Every chain failed: the read fails as a whole (the route's 503 with Retry-After).
      if (!read.portfolio) return unwrapOutcome<never>({ ok: false, failure: failureOfAll(read.failed) });
      const portfolio = read.portfolio;
      const okChains = chains
        .map((c) => c.chainId)
        .filter((id) => !read.failed.some((f) => f.chainId === id));
      for (const chainId of okChains) {
        if (portfolio.cache.positions.hit) this.chainReads.stillOk(chainId);
        else
          this.chainReads.succeeded(
            chainId,
            portfolio.aave.find((a) => a.chainId === chainId) ?? null,
            portfolio.eigenLayer.find((e) => e.chainId === chainId) ?? null,
          );
      }
      if (!portfolio.cache.positions.hit) this.positions.save(portfolio, okChains);
      if (read.failed.length === 0) this.historyStore.maybeSnapshot(portfolio);
      return {
        ...portfolio,
        chains: this.chainStatuses(),
        stale: read.failed.flatMap(({ chainId }) => {
          const stale = this.chainReads.stale(chainId);
          return stale ? [stale] : [];
        }),
      };
    });
  }

  /** Every served chain's status for this user, with the age of the data served for it. */
  chainStatuses(): ChainStatus[] {
    return this.chainReads.statuses(this.host.chains().map((c) => c.chainId));
  }

  /** Forgets cached positions (after a transaction confirms, or on the client's request). */
  invalidate(): void {
    for (const chain of this.host.chains()) this.invalidateChain(chain.chainId);
  }

  private invalidateChain(chainId: number): void {
    this.invalidations++;
    for (const address of this.positions.addressesOn(chainId)) {
      for (const [cache, key] of [
        [this.aaveUsers, `aave:${chainId}:${address}`],
        [this.deposits, `eigenlayer:${chainId}:${address}`],
      ] as const) {
        cache.invalidate(key);
        this.host.kv?.delete(KEPT_PREFIX + key);
      }
    }
  }

  /**
   * The chain's market snapshot (one per chain, only ever re-read forward) at a block below the last one seen: the
   * chain went back (a reorg, a reverted devnet), so positions read since may no longer exist. They are dropped.
   */
  private sawHead(chainId: number, block: bigint): void {
    const last = this.heads.get(chainId);
    if (last !== undefined && block < last) {
      this.host.log?.({
        level: "warn",
        msg: "chain went back: cached positions dropped",
        chainId,
        last: String(last),
        head: String(block),
      });
      this.invalidateChain(chainId);
    }
    if (last === undefined || block !== last) this.heads.set(chainId, block);
  }

  /**
   * Keeps the raw positions now in memory in storage: called once the chain's market object accepted the wake
   * registration (from then on they are served past 30 s, also after an eviction).
   */
  keepPositions(chainId: number): void {
    const kv = this.host.kv;
    if (!kv) return;
    for (const address of this.positions.addressesOn(chainId)) {
      for (const [cache, key] of [
        [this.aaveUsers, `aave:${chainId}:${address}`],
        [this.deposits, `eigenlayer:${chainId}:${address}`],
      ] as const) {
        const memory = (cache as SingleFlightCache<unknown>).peek(key);
        if (memory && kv.get(KEPT_PREFIX + key) === undefined)
          kv.put(KEPT_PREFIX + key, this.keptRecord(chainId, memory.value, memory.fetchedAtMs));
      }
    }
  }

  /**
   * A cached read whose value is also kept in storage while it is served longer than the seed's 30 s (positions
   * kept by events): after an eviction it is served from there, not re-read. Written once per chain read.
   */
  private kept<T>(
    chainId: number,
    cache: SingleFlightCache<T>,
    key: string,
    load: () => Promise<T>,
    ttlMs: number | undefined,
  ): Promise<{ value: T; hit: boolean; ageSeconds: number }> {
    const kv = this.host.kv;
    const long = ttlMs !== undefined && ttlMs > POSITIONS_TTL_MS;
    if (!kv || !long) return cache.get(key, load, ttlMs);
    const stored = this.storedRecord<T>(chainId, key);
    const memory = cache.peek(key);
    if (!memory && stored) cache.seed(key, stored.value, stored.at);
    // Read before the long TTL applied (the first check, before the market object accepted the registration):
    // kept now, so that the first heartbeat after an eviction does not read the chain again.
    if (memory && !stored)
      kv.put(KEPT_PREFIX + key, this.keptRecord(chainId, memory.value, memory.fetchedAtMs));
    return cache.get(
      key,
      async () => {
        const generation = this.invalidations;
        const value = await load();
        // Not when the positions were invalidated meanwhile: the read may predate what invalidated them.
        if (generation === this.invalidations)
          kv.put(KEPT_PREFIX + key, this.keptRecord(chainId, value, this.host.now()));
        return value;
      },
      ttlMs,
    );
  }

  /** What storage keeps of a read: the value, when, and the chain's head then (memory forgets it on eviction). */
  private keptRecord<T>(chainId: number, value: T, at: number): KeptRecord<T> {
    const head = this.heads.get(chainId);
    return { value, at, ...(head === undefined ? {} : { head: String(head) }) };
  }

  /**
   * The kept read of `key`, unless the chain's head (read just before) is below the head it was kept at: the
   * chain went back while the object was evicted (a reorg, a reverted devnet), and what was read may no longer
   * exist. It is then dropped, as `sawHead` drops positions held in memory.
   */
  private storedRecord<T>(chainId: number, key: string): KeptRecord<T> | undefined {
    const kv = this.host.kv;
    const stored = kv?.get<KeptRecord<T>>(KEPT_PREFIX + key);
    if (!kv || !stored) return undefined;
    const head = this.heads.get(chainId);
    if (stored.head === undefined || head === undefined || head >= BigInt(stored.head)) return stored;
    this.host.log?.({
      level: "warn",
      msg: "chain went back while evicted: kept positions dropped",
      chainId,
      keptAt: stored.head,
      head: String(head),
    });
    kv.delete(KEPT_PREFIX + key);
    return undefined;
  }

  history(range: keyof typeof HISTORY_RANGES): PortfolioHistory {
    return this.historyStore.history(range);
  }

  /** Thins old history points (see HISTORY_TIERS); also run after each new point at most hourly. */
  compactHistory(): void {
    this.historyStore.compact();
  }

  private chain(chainId: number): ChainConfig {
    const chain = this.host.chains().find((c) => c.chainId === chainId);
    if (!chain) throw new Error(`chain ${chainId} is not served`);
    return chain;
  }
}

/** Storage key prefix of raw positions kept across evictions. */
const KEPT_PREFIX = "portfolio:kept:";

/** A read kept in storage: `head` is the chain's newest block then (absent in records kept before it was added). */
interface KeptRecord<T> {
  value: T;
  at: number;
  head?: string;
}

/**
 * The failure of a read where every chain failed: the first chain's, as `unavailable` (the route's 503 with
 * Retry-After: nothing can be served now, whether the chains timed out or answered garbage), naming how many failed.
 */
function failureOfAll(failed: readonly ChainFailure[]): UpstreamFailure {
  const first = failed[0];
  if (!first) throw new Error("a read with no chain cannot fail");
  const message =
    failed.length === 1
      ? first.failure.message
      : `Every chain failed to answer (${failed.length}): ${first.failure.message}`;
  return { ...first.failure, kind: "unavailable", message };
}
