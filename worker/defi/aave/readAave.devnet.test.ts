import { encodeAbiParameters, encodeFunctionResult, keccak256, multicall3Abi, toHex } from "viem";
import { afterEach, describe, expect, inject, it } from "vitest";
import { faultControl } from "../../../devnet/faultProxy/control";
import { multicall3BlockAbi, uiPoolDataProviderV3Abi } from "../../../shared/abis";
import { devnetDeployment } from "../../../shared/chains/devnet";
import { aaveMarketOf } from "../../../shared/chains/devnetMarket";
import { publicClientFor, toUpstreamError } from "../../chain/client";
import { NEAR_LIQUIDATION } from "../../test/automation";
import { chain, revertChainAfterEachTest } from "../../test/devnet";
import { anvilAccount } from "../../test/helpers";
import { formatAaveAccount } from "./formatAaveAccount";
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

describe("reading the Aave market from a node answering absurd numbers (devnet behind the fault proxy)", () => {
  const faults = faultControl(inject("faultControlUrl"));
  afterEach(() => faults.clear());

  it("an index below one ray or a reference currency of 0 is a malformed answer (502), never a smaller debt", async () => {
    const real = await readAaveMarket(params);
    const user = await readAaveMarketAndUser({ ...params, user: anvilAccount(NEAR_LIQUIDATION).address });
    const pool = devnetDeployment.contracts.pool;
    expect(formatAaveAccount({ market: real, user: user.user, pool }).healthFactor).toBeLessThan(1.2);
    const usdc = (r: (typeof real.reserves)[number]) => r.symbol === "USDC";
    const absurd: [string, typeof real][] = [
      [
        "USDC debt index 0",
        { ...real, reserves: real.reserves.map((r) => (usdc(r) ? { ...r, variableBorrowIndex: 0n } : r)) },
      ],
      [
        "USDC supply index 0",
        { ...real, reserves: real.reserves.map((r) => (usdc(r) ? { ...r, liquidityIndex: 0n } : r)) },
      ],
      [
        "reference unit 0",
        { ...real, baseCurrency: { ...real.baseCurrency, marketReferenceCurrencyUnit: 0n } },
      ],
      [
        "reference price 0",
        { ...real, baseCurrency: { ...real.baseCurrency, marketReferenceCurrencyPriceInUsd: 0n } },
      ],
    ];
    for (const [label, market] of absurd) {
      const answer = encodeFunctionResult({
        abi: multicall3Abi,
        functionName: "aggregate3",
        result: [
          {
            success: true,
            returnData: encodeFunctionResult({
              abi: multicall3BlockAbi,
              functionName: "getBlockNumber",
              result: market.blockNumber,
            }),
          },
          {
            success: true,
            returnData: encodeFunctionResult({
              abi: multicall3BlockAbi,
              functionName: "getCurrentBlockTimestamp",
              result: market.blockTimestamp,
            }),
          },
          {
            success: true,
            returnData: encodeFunctionResult({
              abi: uiPoolDataProviderV3Abi,
              functionName: "getReservesData",
              result: [market.reserves, market.baseCurrency],
            }),
          },
        ],
      });
      const path = `/absurd-market-${crypto.randomUUID()}`;
      await faults.set([{ path, method: "eth_call", fault: { kind: "garbageResult", result: answer } }]);
      const client = publicClientFor({ rpcUrls: () => [`${inject("faultyRpcUrl")}${path}`] }, 31337, {
        retryCount: 0,
        timeoutMs: 2_000,
      });
      const error = await readAaveMarket({ ...params, client }).then(
        (read) => formatAaveAccount({ market: read, user: user.user, pool }),
        (e: unknown) => e,
      );
      expect(
        toUpstreamError(error, "Reading the Aave market"),
        `${label}: ${JSON.stringify(error)}`,
      ).toMatchObject({
        status: 502,
        shortMessage: "Reading the Aave market: the chain's RPC answered with garbage.",
      });
    }
  });
});
