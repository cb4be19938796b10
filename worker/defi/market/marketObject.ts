import { DurableObject } from "cloudflare:workers";
import { findChain } from "../../../shared/chains";
import { publicClientFor } from "../../chain/client";
import { loadConfig } from "../../config";
import type { Env } from "../../env";
import { readAaveMarket } from "../aave/readAave";
import type { AaveMarketSnapshot } from "../aave/snapshots";
import type { Cached } from "../portfolio/sources";
import { captureUpstream, type Outcome } from "../upstreamOutcome";
import { MARKET_TTL_MS, SingleFlightCache } from "./marketCache";

/**
 * One per chain (`env.MARKET.getByName(String(chainId))`): the chain's Aave market data, read at most once
 * per TTL for ALL users, wherever they are. Chosen over the Cache API because the Cache API is per colo and
 * does not coalesce concurrent misses (50 users missing at once would be 50 RPC calls), while one object per
 * chain is also where per-block price watching for alerts lives, at a cost independent of the user count.
 */
export class MarketDurableObject extends DurableObject<Env> {
  private readonly cache = new SingleFlightCache<AaveMarketSnapshot>(MARKET_TTL_MS);

  async aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>> {
    const chain = findChain(chainId);
    if (!chain?.aave) throw new Error(`chain ${chainId} has no Aave market configured`);
    const market = chain.aave;
    return captureUpstream(`Reading the Aave market on chain ${chainId}`, () =>
      this.cache.get("aave", () =>
        readAaveMarket({ client: publicClientFor(loadConfig(this.env), chainId), chainId, market }),
      ),
    );
  }

  /** Drops the cached market, e.g. after a benchmark or test moved prices and wants them now. */
  async invalidate(): Promise<void> {
    this.cache.invalidate("aave");
  }

  /** How many chain reads this object has made since it started. */
  async stats(): Promise<{ marketReads: number }> {
    return { marketReads: this.cache.loadCount };
  }
}
