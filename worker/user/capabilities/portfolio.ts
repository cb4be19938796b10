import { and, desc, eq, gte } from "drizzle-orm";
import type { Address, PublicClient } from "viem";
import type { ChainConfig } from "../../../shared/chains";
import {
  isSignificantChange,
  type PortfolioFigures,
  SIGNIFICANT_CHANGE,
} from "../../../shared/portfolio/significantChange";
import { riskBand } from "../../../shared/risk/bands";
import {
  type AaveAccount,
  HISTORY_RANGES,
  type Portfolio,
  type PortfolioHistory,
  type PortfolioRisk,
} from "../../../shared/schemas/portfolio";
import { captureUpstream, type Outcome, unwrapOutcome } from "../../chain/upstreamOutcome";
import { readAaveUser } from "../../defi/aave/readAave";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "../../defi/aave/snapshots";
import { type EigenLayerDeposit, readEigenLayerDeposits } from "../../defi/eigenlayer/readEigenLayer";
import { POSITIONS_TTL_MS, SingleFlightCache } from "../../defi/market/marketCache";
import { buildPortfolio } from "../../defi/portfolio/buildPortfolio";
import type { Cached } from "../../defi/portfolio/sources";
import type { UserDb } from "../db";
import { portfolioSnapshots, portfolios, positions } from "../tables/portfolios";

export interface PortfolioHost {
  db: UserDb;
  now(): number;
  newId(): string;
  /** The chains this deployment serves. */
  chains(): readonly ChainConfig[];
  client(chainId: number): PublicClient;
  /** The chain's shared market data (the per-chain market object). */
  aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>>;
  risk(aave: readonly AaveAccount[]): Promise<PortfolioRisk>;
}

/**
 * The user's portfolio (tables portfolios, positions, portfolio_snapshots). Raw positions are cached for the
 * seed's 30 s and recomputed against the shared market data on every read; `invalidate` drops them after a
 * transaction. Every fresh read brings the positions rows up to date (writing only what changed) and adds a
 * history point when it is due.
 */
export class PortfolioCapability {
  private readonly aaveUsers: SingleFlightCache<AaveUserSnapshot>;
  private readonly deposits: SingleFlightCache<EigenLayerDeposit[]>;
  /** The figures of the latest history point, remembered so most reads need no query to compare. */
  private lastFigures: { takenAt: number; figures: PortfolioFigures } | undefined;

  constructor(private readonly host: PortfolioHost) {
    this.aaveUsers = new SingleFlightCache(POSITIONS_TTL_MS, host.now);
    this.deposits = new SingleFlightCache(POSITIONS_TTL_MS, host.now);
  }

  async get(user: Address): Promise<Outcome<Portfolio>> {
    return captureUpstream("Reading your portfolio", async () => {
      const portfolio = await buildPortfolio({
        user,
        chains: this.host.chains(),
        risk: (aave) => this.host.risk(aave),
        sources: {
          aaveMarket: async (chainId) => unwrapOutcome(await this.host.aaveMarket(chainId)),
          aaveUser: (chainId, address) => {
            const market = this.chain(chainId).aave;
            if (!market) throw new Error(`chain ${chainId} has no Aave market`);
            return this.aaveUsers.get(`${chainId}:${address}`, () =>
              readAaveUser({ client: this.host.client(chainId), chainId, market, user: address }),
            );
          },
          eigenLayerDeposits: (chainId, address) => {
            const eigenLayer = this.chain(chainId).eigenLayer;
            if (!eigenLayer) throw new Error(`chain ${chainId} has no EigenLayer deployment`);
            return this.deposits.get(`${chainId}:${address}`, () =>
              readEigenLayerDeposits({ client: this.host.client(chainId), eigenLayer, user: address }),
            );
          },
        },
      });
      if (!portfolio.cache.positions.hit) this.savePositions(portfolio);
      this.maybeSnapshot(portfolio);
      return portfolio;
    });
  }

  /** Forgets cached positions (after a transaction confirms, or on the client's request). */
  invalidate(): void {
    for (const chain of this.host.chains()) {
      for (const row of this.host.db
        .select()
        .from(portfolios)
        .where(eq(portfolios.chainId, chain.chainId))
        .all()) {
        this.aaveUsers.invalidate(`${chain.chainId}:${row.address}`);
        this.deposits.invalidate(`${chain.chainId}:${row.address}`);
      }
    }
  }

  history(range: keyof typeof HISTORY_RANGES): PortfolioHistory {
    const since = new Date(this.host.now() - HISTORY_RANGES[range]);
    const rows = this.host.db
      .select()
      .from(portfolioSnapshots)
      .where(gte(portfolioSnapshots.takenAt, since))
      .orderBy(portfolioSnapshots.takenAt)
      .all();
    // All chains of one read share a takenAt: fold them into one point.
    const points = new Map<number, PortfolioHistory["points"][number]>();
    for (const row of rows) {
      const at = row.takenAt.getTime();
      const point = points.get(at) ?? {
        takenAt: at,
        netValueUsd: 0,
        collateralUsd: 0,
        debtUsd: 0,
        healthFactor: null,
        riskProbability: row.riskProbability,
      };
      point.netValueUsd += row.netValueUsd;
      point.collateralUsd += row.totalCollateralUsd;
      point.debtUsd += row.totalDebtUsd;
      if (row.healthFactor !== null) {
        point.healthFactor =
          point.healthFactor === null ? row.healthFactor : Math.min(point.healthFactor, row.healthFactor);
      }
      points.set(at, point);
    }
    return { range, points: [...points.values()] };
  }

  private chain(chainId: number): ChainConfig {
    const chain = this.host.chains().find((c) => c.chainId === chainId);
    if (!chain) throw new Error(`chain ${chainId} is not served`);
    return chain;
  }

  private portfolioId(chainId: number, address: Address): string {
    const db = this.host.db;
    const where = and(eq(portfolios.chainId, chainId), eq(portfolios.address, address));
    const existing = db.select({ id: portfolios.id }).from(portfolios).where(where).get();
    if (existing) return existing.id;
    const id = this.host.newId();
    db.insert(portfolios)
      .values({ id, chainId, address, createdAt: new Date(this.host.now()) })
      .run();
    return id;
  }

  /**
   * Brings the positions rows in line with a fresh read, writing only what changed: a position opened or closed,
   * or its raw amount moved by more than POSITION_AMOUNT_TOLERANCE_BP (the rows used to be deleted and re-inserted on
   * every 30 s re-read). A row's amountUsd and apy are as of its updatedAt.
   */
  private savePositions(portfolio: Portfolio): void {
    const updatedAt = new Date(this.host.now());
    const chainIds = new Set([
      ...portfolio.aave.map((a) => a.chainId),
      ...portfolio.eigenLayer.map((e) => e.chainId),
    ]);
    this.host.db.transaction((tx) => {
      for (const chainId of chainIds) {
        const portfolioId = this.portfolioId(chainId, portfolio.userAddress);
        const stored = new Map(
          tx
            .select()
            .from(positions)
            .where(eq(positions.portfolioId, portfolioId))
            .all()
            .map((row) => [positionKey(row), row] as const),
        );
        for (const row of positionRows(portfolio, chainId)) {
          const key = positionKey(row);
          const current = stored.get(key);
          stored.delete(key);
          if (!current) {
            tx.insert(positions)
              .values({ id: this.host.newId(), portfolioId, updatedAt, ...row })
              .run();
          } else if (current.asset !== row.asset || amountMoved(current.amount, row.amount)) {
            tx.update(positions)
              .set({ ...row, updatedAt })
              .where(eq(positions.id, current.id))
              .run();
          }
        }
        // Positions the read no longer shows are closed.
        for (const gone of stored.values()) {
          tx.delete(positions).where(eq(positions.id, gone.id)).run();
        }
      }
    });
  }

  /** A history point at most every few minutes, unless something significant changed since the last one. */
  private maybeSnapshot(portfolio: Portfolio): void {
    const now = this.host.now();
    const figures: PortfolioFigures = {
      netValueUsd: portfolio.totals.netWorthUsd,
      debtUsd: portfolio.totals.debtUsd,
      healthFactor: portfolio.healthFactor,
      riskBand: portfolio.risk.status === "ok" ? portfolio.risk.band : null,
    };
    const last = this.lastSnapshotFigures();
    if (
      last &&
      now - last.takenAt < SIGNIFICANT_CHANGE.snapshotIntervalMs &&
      !isSignificantChange(last.figures, figures)
    ) {
      return;
    }
    const takenAt = new Date(now);
    const riskProbability = portfolio.risk.status === "ok" ? portfolio.risk.probability : null;
    this.host.db.transaction((tx) => {
      for (const aave of portfolio.aave) {
        const eigen = portfolio.eigenLayer.find((e) => e.chainId === aave.chainId);
        const supplied = aave.supplies.reduce((sum, s) => sum + s.amountUsd, 0);
        tx.insert(portfolioSnapshots)
          .values({
            id: this.host.newId(),
            portfolioId: this.portfolioId(aave.chainId, portfolio.userAddress),
            takenAt,
            blockNumber: portfolio.asOf.find((b) => b.chainId === aave.chainId)?.blockNumber ?? null,
            totalCollateralUsd: aave.totalCollateralUsd,
            totalDebtUsd: aave.totalDebtUsd,
            netValueUsd: supplied + (eigen?.totalUsd ?? 0) - aave.totalDebtUsd,
            healthFactor: aave.healthFactor,
            riskProbability,
          })
          .run();
      }
    });
    this.lastFigures = { takenAt: now, figures };
  }

  private lastSnapshotFigures(): { takenAt: number; figures: PortfolioFigures } | undefined {
    if (this.lastFigures) return this.lastFigures;
    const latest = this.host.db
      .select()
      .from(portfolioSnapshots)
      .orderBy(desc(portfolioSnapshots.takenAt))
      .limit(1)
      .get();
    if (!latest) return undefined;
    const sameRead = this.host.db
      .select()
      .from(portfolioSnapshots)
      .where(eq(portfolioSnapshots.takenAt, latest.takenAt))
      .all();
    return {
      takenAt: latest.takenAt.getTime(),
      figures: {
        netValueUsd: sameRead.reduce((sum, r) => sum + r.netValueUsd, 0),
        debtUsd: sameRead.reduce((sum, r) => sum + r.totalDebtUsd, 0),
        healthFactor: latest.healthFactor,
        riskBand: latest.riskProbability === null ? null : riskBand(latest.riskProbability),
      },
    };
  }
}

/**
 * Relative change of a raw amount below which a stored position is left as it is. Aave balances accrue interest
 * every block, so an exact comparison would rewrite every row on every re-read; 1 bp is crossed by interest at
 * 5 % APY in about 17 h, by any deposit, repayment, borrow or liquidation at once.
 */
export const POSITION_AMOUNT_TOLERANCE_BP = 1n;

type PositionRow = Omit<typeof positions.$inferInsert, "id" | "portfolioId" | "updatedAt">;

/** One row per position: what the user holds on `chainId`, from a fresh read. */
function positionRows(portfolio: Portfolio, chainId: number): PositionRow[] {
  const aave = portfolio.aave.find((a) => a.chainId === chainId);
  const eigen = portfolio.eigenLayer.find((e) => e.chainId === chainId);
  return [
    ...(aave?.supplies ?? []).map((s) => ({
      kind: "supplied" as const,
      protocol: "aave" as const,
      asset: s.symbol,
      assetAddress: s.asset,
      amount: s.amountRaw,
      amountUsd: s.amountUsd,
      apy: s.supplyApy,
    })),
    ...(aave?.borrows ?? []).map((b) => ({
      kind: "borrowed" as const,
      protocol: "aave" as const,
      asset: b.symbol,
      assetAddress: b.asset,
      amount: b.amountRaw,
      amountUsd: b.amountUsd,
      apy: b.variableBorrowApy,
    })),
    ...(eigen?.positions ?? []).map((p) => ({
      kind: "restaked" as const,
      protocol: "eigenlayer" as const,
      asset: p.symbol,
      assetAddress: p.underlyingToken,
      amount: p.amountRaw,
      amountUsd: p.amountUsd ?? 0,
      apy: null,
    })),
  ];
}

const positionKey = (row: Pick<PositionRow, "protocol" | "kind" | "assetAddress">) =>
  `${row.protocol}:${row.kind}:${row.assetAddress.toLowerCase()}`;

/** Whether a raw amount moved by more than the tolerance (any change when either is not an integer string). */
export function amountMoved(stored: string, next: string): boolean {
  if (stored === next) return false;
  try {
    const before = BigInt(stored);
    const diff = BigInt(next) - before;
    const magnitude = diff < 0n ? -diff : diff;
    const base = before < 0n ? -before : before;
    return magnitude * 10_000n > base * POSITION_AMOUNT_TOLERANCE_BP;
  } catch {
    return true;
  }
}
