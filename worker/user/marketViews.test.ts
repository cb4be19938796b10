import { describe, expect, it } from "vitest";
import type { PriceHistory } from "../../shared/risk/priceHistory";
import type { MarketView } from "../defi/market/marketView";
import { HISTORY_REUSE_MS, MarketViews } from "./marketViews";

/** A stand-in market object answering `marketView` as the real one does (snapshot + history or its key). */
function fakeMarket() {
  const calls: { chainId: number; held: string | undefined }[] = [];
  const state = {
    history: { ETH: [{ time: 1, price: 2000 }] } as PriceHistory,
    key: "k1",
    historyOk: true,
    time: 0,
  };
  const views = new MarketViews({
    now: () => state.time,
    view: async (chainId, held) => {
      calls.push({ chainId, held });
      const market = {
        ok: true,
        value: { value: { chainId }, fetchedAt: state.time },
      } as unknown as MarketView["market"];
      if (!state.historyOk) return { market, history: { ok: false } };
      return {
        market,
        history: { ok: true, key: state.key, value: held === state.key ? null : state.history },
      };
    },
  });
  return { views, calls, state };
}

describe("MarketViews", () => {
  it("a check's snapshot and history cost one request; the history is not resent while unchanged", async () => {
    const { views, calls, state } = fakeMarket();
    await views.aaveMarket(1);
    expect(await views.priceHistory(1)).toEqual(state.history);
    expect(calls).toEqual([{ chainId: 1, held: undefined }]);

    state.time += 60_000; // the next check: the key goes along, the unchanged history does not come back
    await views.aaveMarket(1);
    expect(calls[1]).toEqual({ chainId: 1, held: "k1" });
    expect(await views.priceHistory(1)).toEqual(state.history);
    expect(calls).toHaveLength(2);
  });

  it("a changed history replaces the held one", async () => {
    const { views, state } = fakeMarket();
    await views.aaveMarket(1);
    state.time += 60_000;
    state.history = {
      ETH: [
        { time: 1, price: 2000 },
        { time: 3601, price: 1900 },
      ],
    };
    state.key = "k2";
    await views.aaveMarket(1);
    expect(await views.priceHistory(1)).toEqual(state.history);
  });

  it("asks again when the history is older than one check, and per chain", async () => {
    const { views, calls } = fakeMarket();
    await views.aaveMarket(1);
    await views.priceHistory(10);
    expect(calls.map((c) => c.chainId)).toEqual([1, 10]);
    const { views: later, calls: laterCalls, state } = fakeMarket();
    await later.aaveMarket(1);
    state.time += HISTORY_REUSE_MS;
    await later.priceHistory(1);
    expect(laterCalls).toHaveLength(2);
  });

  it("reads made at the same moment share one request", async () => {
    const { views, calls } = fakeMarket();
    await Promise.all([views.aaveMarket(1), views.aaveMarket(1), views.priceHistory(1)]);
    expect(calls).toHaveLength(1);
  });

  it("a history the market object could not read is an error, never the one held from before", async () => {
    const { views, state } = fakeMarket();
    await views.aaveMarket(1);
    state.historyOk = false;
    state.time += 60_000;
    await views.aaveMarket(1);
    await expect(views.priceHistory(1)).rejects.toThrow(/could not be read/);
    state.historyOk = true; // back: the next check serves it again, sent in full or by key
    state.time += 60_000;
    await views.aaveMarket(1);
    expect(await views.priceHistory(1)).toEqual(state.history);
  });
});
