import type { Address } from "viem";
import type { ChainConfig } from "../../../shared/chains";
import type {
  AaveAccount,
  EigenLayerAccount,
  Portfolio,
  PortfolioRisk,
} from "../../../shared/schemas/portfolio";
import { failureOf, type UpstreamFailure } from "../../chain/upstreamOutcome";
import { formatAaveAccount } from "../aave/formatAaveAccount";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import { formatEigenLayerAccount } from "../eigenlayer/formatEigenLayerAccount";
import type { Cached, PortfolioSources } from "./sources";

function oldest(caches: readonly Cached<unknown>[]): { hit: boolean; ageSeconds: number } {
  if (caches.length === 0) return { hit: false, ageSeconds: 0 };
  return {
    hit: caches.every((c) => c.hit),
    ageSeconds: Math.max(...caches.map((c) => c.ageSeconds)),
  };
}

/** A chain whose read failed (its RPC, after retries): the portfolio is built without it. */
export interface ChainFailure {
  chainId: number;
  failure: UpstreamFailure;
}

/** A portfolio over the chains that answered, and the chains that did not; null when none answered. */
export interface PortfolioRead {
  portfolio: Portfolio | null;
  failed: ChainFailure[];
}

/**
 * The user's portfolio over every given chain and protocol. Chains are read in parallel and each has its own
 * outcome: one chain down is one chain down. A chain whose RPC fails is left out of the accounts and totals (a
 * partial portfolio is never presented as complete: the caller says which chains are missing); anything other
 * than an RPC failure (a bug) still rejects the whole call.
 */
export async function buildPortfolio(params: {
  user: Address;
  chains: readonly ChainConfig[];
  sources: PortfolioSources;
  /** The forecast for the accounts; `asOf`: the block each chain was read at (its prices' chain time). */
  risk: (aave: readonly AaveAccount[], asOf: Portfolio["asOf"]) => Promise<PortfolioRisk>;
}): Promise<PortfolioRead> {
  const { user, chains, sources } = params;
  const reads = await Promise.all(
    chains.map(async (chain) => {
      try {
        return { ok: true as const, read: await readChain(chain, user, sources) };
      } catch (error) {
        const failure = failureOf(error, `Reading your positions on chain ${chain.chainId}`);
        if (!failure) throw error;
        return { ok: false as const, failure: { chainId: chain.chainId, failure } };
      }
    }),
  );
  const perChain = reads.flatMap((r) => (r.ok ? [r.read] : []));
  const failed = reads.flatMap((r) => (r.ok ? [] : [r.failure]));
  if (perChain.length === 0 && chains.length > 0) return { portfolio: null, failed };

  const aave = perChain.flatMap((c) => (c.aave ? [c.aave] : []));
  const eigenLayer = perChain.flatMap((c) => (c.eigenLayer ? [c.eigenLayer] : []));
  const markets = perChain.flatMap((c) => (c.market ? [c.market] : []));
  const positions = perChain.flatMap((c) => [c.position, c.deposits].filter((x) => x !== null));
  const asOf = perChain.flatMap((c) => {
    // The block the positions were read at (the market's when there are none): what the position watch is told
    // the user has seen (wake.ts), so events after it are not missed. Kept positions are valued at the market's
    // newer block, which a chain that went back may not have anymore.
    const stamp: AaveMarketSnapshot | undefined = c.market?.value;
    const block = c.position?.value ?? stamp;
    return block
      ? [
          {
            chainId: c.chain.chainId,
            blockNumber: block.blockNumber.toString(),
            blockTimestamp: Number(block.blockTimestamp),
          },
        ]
      : [];
  });

  const suppliedUsd = aave.reduce((sum, a) => sum + a.supplies.reduce((s, p) => s + p.amountUsd, 0), 0);
  const collateralUsd = aave.reduce((sum, a) => sum + a.totalCollateralUsd, 0);
  const debtUsd = aave.reduce((sum, a) => sum + a.totalDebtUsd, 0);
  const restakedUsd = eigenLayer.reduce((sum, e) => sum + e.totalUsd, 0);
  const healthFactors = aave.flatMap((a) => (a.healthFactor === null ? [] : [a.healthFactor]));

  const portfolio: Portfolio = {
    userAddress: user,
    asOf,
    cache: { market: oldest(markets), positions: oldest(positions) },
    totals: { collateralUsd, debtUsd, restakedUsd, netWorthUsd: suppliedUsd + restakedUsd - debtUsd },
    healthFactor: healthFactors.length > 0 ? Math.min(...healthFactors) : null,
    aave,
    eigenLayer,
    risk: await params.risk(aave, asOf),
  };
  return { portfolio, failed };
}

/** One chain's reads (market, the user's Aave position, EigenLayer deposits), formatted. */
async function readChain(chain: ChainConfig, user: Address, sources: PortfolioSources) {
  // Settled, not raced: a failed read returns only once its sibling reads ended too, so no read of this tick is
  // still retrying against a slow RPC when the next tick starts (they would pile up).
  const settled = await Promise.allSettled([
    chain.aave ? sources.aaveMarket(chain.chainId) : null,
    chain.aave ? sources.aaveUser(chain.chainId, user) : null,
    chain.eigenLayer ? sources.eigenLayerDeposits(chain.chainId, user) : null,
  ]);
  const market = settledValue(settled[0]);
  const position = settledValue(settled[1]);
  const deposits = settledValue(settled[2]);

  const aave =
    chain.aave && market && position
      ? formatAaveAccount({ market: market.value, user: position.value, pool: chain.aave.pool })
      : null;
  const eigenLayer: EigenLayerAccount | null =
    chain.eigenLayer && deposits
      ? formatEigenLayerAccount({
          chainId: chain.chainId,
          eigenLayer: chain.eigenLayer,
          deposits: deposits.value,
          tokens: chain.tokens,
          market: market?.value ?? null,
        })
      : null;
  return { chain, market, position, deposits, aave, eigenLayer };
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}
