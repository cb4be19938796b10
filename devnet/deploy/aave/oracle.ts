import type { Address } from "viem";
import type { TxSender } from "../context";
import { MARKET, type ReserveSymbol } from "../market";
import type { DeployedToken } from "../tokens";
import { linkBytecode, loadAaveArtifact } from "./artifacts";

/** Aave's base currency on this market is USD with 8 decimals (as on Ethereum mainnet V3). */
export const BASE_CURRENCY_UNIT = 100_000_000n;

/** AaveOracle reading each reserve's settable feed; registered in the addresses provider. */
export async function deployAaveOracle(
  deployer: TxSender,
  poolAddressesProvider: Address,
  tokens: Record<ReserveSymbol, DeployedToken>,
): Promise<Address> {
  const artifact = loadAaveArtifact("AaveOracle");
  const assets = MARKET.map((r) => tokens[r.symbol].address);
  const sources = MARKET.map((r) => tokens[r.symbol].aggregator);
  const zero = "0x0000000000000000000000000000000000000000";
  const oracle = await deployer.deploy("AaveOracle", artifact.abi, linkBytecode(artifact, {}), [
    poolAddressesProvider,
    assets,
    sources,
    zero, // no fallback oracle
    zero, // base currency: USD
    BASE_CURRENCY_UNIT,
  ]);
  const provider = loadAaveArtifact("PoolAddressesProvider");
  await deployer.write("set price oracle", poolAddressesProvider, provider.abi, "setPriceOracle", [oracle]);
  return oracle;
}
