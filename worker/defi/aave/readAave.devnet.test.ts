import { encodeAbiParameters, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { aaveMarketOf } from "../../../shared/chains/devnetMarket";
import { toUpstreamError } from "../../chain/client";
import { chain, revertChainAfterEachTest } from "../../test/devnet";
import { checkReservePrices, readAaveMarket, readAaveMarketAndUser } from "./readAave";

revertChainAfterEachTest();
const params = { client: chain, chainId: 31337, market: aaveMarketOf(devnetDeployment) };

describe("reading the Aave market (devnet)", () => {
  it("a price feed that fails makes the read a 502 with its reason, never a 500", async () => {
    // DAI's feed answers 0 (SettableAggregator: `rounds` at slot 1, latest round number at slot 2; the answer is
    // the low 24 bytes of the round's word). AaveOracle then asks its fallback, and the market's view reverts.
    const feed = devnetDeployment.reserves.DAI.aggregator;
    const latest = BigInt((await chain.getStorageAt({ address: feed, slot: toHex(2, { size: 32 }) })) ?? 0);
    const slot = keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [latest, 1n]));
    const word = BigInt((await chain.getStorageAt({ address: feed, slot })) ?? 0);
    const zeroAnswer = toHex((word >> 192n) << 192n, { size: 32 });
    await chain.request({ method: "anvil_setStorageAt" as never, params: [feed, slot, zeroAnswer] as never });
    for (const read of [
      () => readAaveMarket(params),
      () => readAaveMarketAndUser({ ...params, user: devnetDeployment.accounts.borrower }),
    ]) {
      const error = await read().then(
        () => null,
        (e: unknown) => e,
      );
      const upstream = toUpstreamError(error, "Reading the Aave market");
      expect(upstream).toMatchObject({ status: 502 });
      expect(upstream?.shortMessage).toMatch(
        /^Reading the Aave market: the chain's contracts refused the read \(Reading the Aave market.* reverted\.\)/,
      );
    }
  });

  it("an active reserve priced at zero is a malformed answer, never a market where that debt is free", async () => {
    const { reserves } = await readAaveMarket(params);
    expect(() => checkReservePrices(reserves)).not.toThrow();
    const dai = reserves.find((r) => r.symbol === "DAI")!;
    const unpriced = reserves.map((r) => (r === dai ? { ...r, priceInMarketReferenceCurrency: 0n } : r));
    const error = (() => {
      try {
        checkReservePrices(unpriced);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(toUpstreamError(error, "Reading the Aave market")).toMatchObject({
      status: 502,
      shortMessage: "Reading the Aave market: the chain's RPC answered with garbage.",
    });
    // An inactive reserve's price does not matter.
    expect(() =>
      checkReservePrices(
        reserves.map((r) => (r === dai ? { ...r, isActive: false, priceInMarketReferenceCurrency: 0n } : r)),
      ),
    ).not.toThrow();
  });
});
