import { and, eq } from "drizzle-orm";
import type { Address } from "viem";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { UserDb } from "../db";
import { portfolios, positions } from "../tables/portfolios";

export interface PositionsStoreHost {
  db: UserDb;
  now(): number;
  newId(): string;
}

/**
 * The positions store (tables portfolios, positions): one portfolio per (chain, wallet) and what the user holds
 * there, brought in line with each fresh read while writing only what changed.
 */
export class PositionsStore {
  constructor(private readonly host: PositionsStoreHost) {}

  /** The portfolio row of (chain, wallet), created on first use. */
  portfolioId(chainId: number, address: Address): string {
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

  /** The wallets with a portfolio on `chainId` (to forget their cached reads). */
  addressesOn(chainId: number): string[] {
    return this.host.db
      .select({ address: portfolios.address })
      .from(portfolios)
      .where(eq(portfolios.chainId, chainId))
      .all()
      .map((row) => row.address);
  }

  /** Whether the user has debt anywhere, as last read (monitoring watches such a user without an open socket). */
  hasDebt(): boolean {
    return (
      this.host.db
        .select({ id: positions.id })
        .from(positions)
        .where(eq(positions.kind, "borrowed"))
        .get() !== undefined
    );
  }

  /**
   * Brings the positions rows of the chains read in line with a fresh read, writing only what changed: a position
   * opened or closed, or its raw amount moved by more than POSITION_AMOUNT_TOLERANCE_BP. A row's amountUsd and
   * apy are as of its updatedAt. Chains not in `chainIds` (their read failed) are left as they were.
   */
  save(portfolio: Portfolio, chainIds: readonly number[]): void {
    const updatedAt = new Date(this.host.now());
    this.host.db.transaction((tx) => {
      for (const chainId of chainIds) {
        const rows = positionRows(portfolio, chainId);
        const portfolioId = this.portfolioId(chainId, portfolio.userAddress);
        const stored = new Map(
          tx
            .select()
            .from(positions)
            .where(eq(positions.portfolioId, portfolioId))
            .all()
            .map((row) => [positionKey(row), row] as const),
        );
        for (const row of rows) {
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
