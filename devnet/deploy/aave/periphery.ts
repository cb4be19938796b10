import type { Address } from "viem";
import type { TxSender } from "../context";
import { linkBytecode, loadAaveArtifact } from "./artifacts";

/**
 * UiPoolDataProviderV3 needs two USD feeds: the network's base token (ETH here, so the WETH feed) and the
 * market reference currency (USD itself on this market, so a feed fixed at 1).
 */
export async function deployUiPoolDataProvider(
  deployer: TxSender,
  networkBaseTokenUsdFeed: Address,
  marketReferenceUsdFeed: Address,
): Promise<Address> {
  const artifact = loadAaveArtifact("UiPoolDataProviderV3");
  return deployer.deploy("UiPoolDataProviderV3", artifact.abi, linkBytecode(artifact, {}), [
    networkBaseTokenUsdFeed,
    marketReferenceUsdFeed,
  ]);
}
