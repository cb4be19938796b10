import type { Address } from "viem";
import { type CompiledContract, compiled } from "../contracts/compile";
import type { TxSender } from "./context";
import { MARKET, type ReserveSymbol, usdToFeedAnswer } from "./market";

export interface DeployedToken {
  address: Address;
  aggregator: Address;
}

/** One mintable test ERC20 and one settable USD price feed per reserve. */
export async function deployTokens(
  deployer: TxSender,
  contracts: Record<string, CompiledContract>,
): Promise<Record<ReserveSymbol, DeployedToken>> {
  const erc20 = compiled(contracts, "TestERC20");
  const feed = compiled(contracts, "SettableAggregator");
  const result = {} as Record<ReserveSymbol, DeployedToken>;
  for (const reserve of MARKET) {
    const address = await deployer.deploy(reserve.symbol, erc20.abi, erc20.bytecode, [
      reserve.name,
      reserve.symbol,
      reserve.decimals,
    ]);
    const aggregator = await deployer.deploy(`${reserve.symbol} / USD feed`, feed.abi, feed.bytecode, [
      `${reserve.symbol} / USD`,
      usdToFeedAnswer(reserve.priceUsd),
    ]);
    result[reserve.symbol] = { address, aggregator };
  }
  return result;
}

/** UiPoolDataProviderV3 asks a USD feed for the market's reference currency; ours is USD itself, so 1. */
export async function deployUsdReferenceFeed(
  deployer: TxSender,
  contracts: Record<string, CompiledContract>,
): Promise<Address> {
  const feed = compiled(contracts, "SettableAggregator");
  return deployer.deploy("USD / USD feed", feed.abi, feed.bytecode, ["USD / USD", usdToFeedAnswer(1)]);
}
