import { type Address, BaseError, ContractFunctionRevertedError, type PublicClient } from "viem";
import { RAY } from "../../../shared/aave/constants";
import { multicall3BlockAbi, uiPoolDataProviderV3Abi } from "../../../shared/abis";
import { type AaveMarketAddresses, MULTICALL3_ADDRESS } from "../../../shared/chains/types";
import { ChainReadRevertedError, RpcMalformedResultError } from "../../chain/rpcErrors";
import type { AaveMarketSnapshot, AaveUserSnapshot } from "./snapshots";

export interface ReadAaveParameters {
  client: PublicClient;
  chainId: number;
  market: AaveMarketAddresses;
}

const blockCalls = [
  { address: MULTICALL3_ADDRESS, abi: multicall3BlockAbi, functionName: "getBlockNumber" },
  { address: MULTICALL3_ADDRESS, abi: multicall3BlockAbi, functionName: "getCurrentBlockTimestamp" },
] as const;

function reservesCall(market: AaveMarketAddresses) {
  return {
    address: market.uiPoolDataProvider,
    abi: uiPoolDataProviderV3Abi,
    functionName: "getReservesData",
    args: [market.poolAddressesProvider],
  } as const;
}

function userReservesCall(market: AaveMarketAddresses, user: Address) {
  return {
    address: market.uiPoolDataProvider,
    abi: uiPoolDataProviderV3Abi,
    functionName: "getUserReservesData",
    args: [market.poolAddressesProvider, user],
  } as const;
}

/** A revert of these view calls is the chain's state failing to read (a price feed down), not a bug of ours. */
const revertedRead =
  (what: string) =>
  (error: unknown): never => {
    if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError))
      throw new ChainReadRevertedError({ what, cause: error });
    throw error;
  };

/**
 * A market whose active reserve is priced at zero (or below) is not data: Aave's oracle never answers 0 for a
 * listed asset (it falls back, or reverts). Taken as read, debt in that asset would count as no debt at all and
 * "you have no debt left" would be said of a position still borrowing. So it is a malformed answer (502).
 */
export function checkReservePrices(reserves: AaveMarketSnapshot["reserves"]): void {
  const unpriced = reserves.find((r) => r.isActive && r.priceInMarketReferenceCurrency <= 0n);
  if (unpriced) {
    throw new RpcMalformedResultError({
      method: "eth_call",
      problem: `getReservesData priced ${unpriced.symbol} at ${unpriced.priceInMarketReferenceCurrency}`,
    });
  }
}

/**
 * Numbers no Aave market can hold, besides a zero price (checkReservePrices): a liquidity or variable borrow index
 * below one ray (they start at 1 ray and only grow; below it, every balance in that reserve reads smaller: debt
 * as less debt), or a reference currency whose unit or USD price is not positive (every dollar amount and price
 * trigger would read 0, infinite or negative). A node answering them is answering garbage (502).
 */
export function checkMarketAnswer(
  reserves: AaveMarketSnapshot["reserves"],
  baseCurrency: AaveMarketSnapshot["baseCurrency"],
): void {
  checkReservePrices(reserves);
  const shrunk = reserves.find((r) => r.isActive && (r.liquidityIndex < RAY || r.variableBorrowIndex < RAY));
  if (shrunk) {
    throw new RpcMalformedResultError({
      method: "eth_call",
      problem: `getReservesData gave ${shrunk.symbol} indexes ${shrunk.liquidityIndex} / ${shrunk.variableBorrowIndex}, below one ray`,
    });
  }
  if (
    baseCurrency.marketReferenceCurrencyUnit <= 0n ||
    baseCurrency.marketReferenceCurrencyPriceInUsd <= 0n
  ) {
    throw new RpcMalformedResultError({
      method: "eth_call",
      problem: `getReservesData gave a reference currency unit ${baseCurrency.marketReferenceCurrencyUnit} at ${baseCurrency.marketReferenceCurrencyPriceInUsd} USD`,
    });
  }
}

/**
 * Market (all reserves, rates, indexes, oracle prices) and one user's reserves in ONE eth_call through
 * Multicall3, stamped with the block they were read at. The Aave interface makes these as separate calls.
 */
export async function readAaveMarketAndUser(
  params: ReadAaveParameters & { user: Address },
): Promise<{ market: AaveMarketSnapshot; user: AaveUserSnapshot }> {
  const { client, chainId, market, user } = params;
  const [blockNumber, blockTimestamp, [reserves, baseCurrency], [userReserves, userEModeCategoryId]] =
    await client
      .multicall({
        multicallAddress: MULTICALL3_ADDRESS,
        allowFailure: false,
        contracts: [...blockCalls, reservesCall(market), userReservesCall(market, user)],
      })
      .catch(revertedRead("Reading the Aave market and account"));
  checkMarketAnswer(reserves, baseCurrency);
  const stamp = { blockNumber, blockTimestamp };
  return {
    market: { chainId, reserves, baseCurrency, ...stamp },
    user: { chainId, user, userReserves, userEModeCategoryId, ...stamp },
  };
}

/** The shared market data alone (one eth_call), for the per-chain cache. */
export async function readAaveMarket(params: ReadAaveParameters): Promise<AaveMarketSnapshot> {
  const { client, chainId, market } = params;
  const [blockNumber, blockTimestamp, [reserves, baseCurrency]] = await client
    .multicall({
      multicallAddress: MULTICALL3_ADDRESS,
      allowFailure: false,
      contracts: [...blockCalls, reservesCall(market)],
    })
    .catch(revertedRead("Reading the Aave market"));
  checkMarketAnswer(reserves, baseCurrency);
  return { chainId, reserves, baseCurrency, blockNumber, blockTimestamp };
}

/** One user's scaled balances alone (one eth_call), when the market is already cached. */
export async function readAaveUser(
  params: ReadAaveParameters & { user: Address },
): Promise<AaveUserSnapshot> {
  const { client, chainId, market, user } = params;
  const [blockNumber, blockTimestamp, [userReserves, userEModeCategoryId]] = await client
    .multicall({
      multicallAddress: MULTICALL3_ADDRESS,
      allowFailure: false,
      contracts: [...blockCalls, userReservesCall(market, user)],
    })
    .catch(revertedRead("Reading the Aave account"));
  return { chainId, user, userReserves, userEModeCategoryId, blockNumber, blockTimestamp };
}
