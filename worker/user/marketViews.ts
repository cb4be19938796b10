import type { PriceHistory } from "../../shared/risk/priceHistory";
import type { Outcome } from "../chain/upstreamOutcome";
import type { AaveMarketSnapshot } from "../defi/aave/snapshots";
import type { MarketView } from "../defi/market/marketView";
import type { Cached } from "../defi/portfolio/sources";

/** How long the history that came with a market snapshot answers for it: one check reads both within this. */
export const HISTORY_REUSE_MS = 5_000;

export interface MarketViewsHost {
  /** One request to the chain's market object (marketObject.ts `marketView`). */
  view(chainId: number, heldHistoryKey: string | undefined): Promise<MarketView>;
  now(): number;
}

interface Held {
  key: string;
  history: PriceHistory;
  at: number;
}

/**
 * A user's side of `marketView`: a check asks for the market snapshot and then the price history, and both come
 * from one request. The history received is kept (in memory) and its key sent along, so an unchanged history is not
 * sent again; reads made at the same moment share one request.
 */
export class MarketViews {
  private readonly held = new Map<number, Held>();
  private readonly inflight = new Map<number, Promise<MarketView>>();

  constructor(private readonly host: MarketViewsHost) {}

  async aaveMarket(chainId: number): Promise<Outcome<Cached<AaveMarketSnapshot>>> {
    return (await this.read(chainId)).market;
  }

  /** The history that came with the last snapshot if it is that recent, else one more request. */
  async priceHistory(chainId: number): Promise<PriceHistory> {
    const held = this.held.get(chainId);
    if (held && this.host.now() - held.at < HISTORY_REUSE_MS) return held.history;
    const view = await this.read(chainId);
    const fresh = this.held.get(chainId);
    if (!view.history.ok || !fresh)
      throw new Error(`the price history of chain ${chainId} could not be read`);
    return fresh.history;
  }

  private read(chainId: number): Promise<MarketView> {
    const pending = this.inflight.get(chainId);
    if (pending) return pending;
    const request = this.host
      .view(chainId, this.held.get(chainId)?.key)
      .then((view) => {
        this.keep(chainId, view);
        return view;
      })
      .finally(() => this.inflight.delete(chainId));
    this.inflight.set(chainId, request);
    return request;
  }

  private keep(chainId: number, view: MarketView): void {
    const held = this.held.get(chainId);
    if (!view.history.ok) {
      // Kept to diff against later, but never served as this snapshot's history.
      if (held) held.at = Number.NEGATIVE_INFINITY;
      return;
    }
    // null: unchanged since the held one, whose key was sent (one request per chain at a time, so it is still held).
    const history = view.history.value ?? held?.history;
    if (history !== undefined)
      this.held.set(chainId, { key: view.history.key, history, at: this.host.now() });
  }
}
