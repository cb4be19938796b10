import { desc, eq, gte, sql } from "drizzle-orm";
import { riskBand } from "../../../shared/risk/bands";
import { HISTORY_RANGES, type Portfolio, type PortfolioHistory } from "../../../shared/schemas/portfolio";
import type { PortfolioFigures } from "../../defi/portfolio/significantChange";
import { isSignificantChange, SIGNIFICANT_CHANGE } from "../../defi/portfolio/significantChange";
import type { UserDb } from "../db";
import { portfolioSnapshots } from "../tables/portfolios";

export interface PortfolioHistoryHost {
  db: UserDb;
  now(): number;
  newId(): string;
  /** The portfolio row of (chain, wallet) (the positions store's). */
  portfolioId(chainId: number, address: Portfolio["userAddress"]): string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How history is thinned so storage stays flat per user: points younger than `from` are kept as taken; older ones
 * keep the first point of each bucket. 5-minute points for 7 days, hourly to 90 days, daily after.
 */
export const HISTORY_TIERS = [
  { from: HOUR, to: 7 * DAY, bucketMs: 5 * MINUTE },
  { from: 7 * DAY, to: 90 * DAY, bucketMs: HOUR },
  { from: 90 * DAY, to: Number.POSITIVE_INFINITY, bucketMs: DAY },
] as const;

/** Thinning runs at most this often (each run is three indexed deletes). */
export const HISTORY_COMPACTION_INTERVAL_MS = HOUR;

/**
 * The portfolio history (table portfolio_snapshots): a point at most every few minutes unless something
 * significant changed, folded per read for the charts, downsampled with age (HISTORY_TIERS).
 */
export class PortfolioHistoryStore {
  /** The figures of the latest history point, remembered so most reads need no query to compare. */
  private lastFigures: { takenAt: number; figures: PortfolioFigures } | undefined;
  private lastCompactionAt: number | undefined;

  constructor(private readonly host: PortfolioHistoryHost) {}

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

  /**
   * A history point at most every few minutes, unless something significant changed since the last one. Only a
   * complete read makes a point: a chain missing would show as a drop in value that never happened.
   */
  maybeSnapshot(portfolio: Portfolio): void {
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
            portfolioId: this.host.portfolioId(aave.chainId, portfolio.userAddress),
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
    if (
      this.lastCompactionAt === undefined ||
      now - this.lastCompactionAt >= HISTORY_COMPACTION_INTERVAL_MS
    ) {
      this.compact(now);
    }
  }

  /**
   * Thins old points to one per bucket of their tier (the first of each bucket, per chain). The bucket size is cast:
   * a bound JS number arrives as REAL, which would make the division exact and every point its own bucket.
   */
  compact(now = this.host.now()): void {
    for (const tier of HISTORY_TIERS) {
      const newest = now - tier.from;
      const oldest = Number.isFinite(tier.to) ? now - tier.to : 0;
      this.host.db.run(sql`
        DELETE FROM portfolio_snapshots
        WHERE taken_at < ${newest} AND taken_at >= ${oldest} AND id NOT IN (
          SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
              PARTITION BY portfolio_id, taken_at / CAST(${tier.bucketMs} AS INTEGER) ORDER BY taken_at, id
            ) AS rank
            FROM portfolio_snapshots WHERE taken_at < ${newest} AND taken_at >= ${oldest}
          ) WHERE rank = 1
        )`);
    }
    this.lastCompactionAt = now;
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
