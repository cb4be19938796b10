import type { Address } from "viem";
import type { TxSender } from "../context";
import { MARKET, type RateCurve, type ReserveSymbol } from "../market";
import type { DeployedToken } from "../tokens";
import { linkBytecode, loadAaveArtifact } from "./artifacts";

export interface DeployedReserve {
  aToken: Address;
  variableDebtToken: Address;
  stableDebtToken: Address;
  interestRateStrategy: Address;
}

export interface TokenImplementations {
  aTokenImpl: Address;
  variableDebtTokenImpl: Address;
  stableDebtTokenImpl: Address;
}

/** Percent (e.g. 2.7) to ray (1e27 = 100 %), exactly: from the decimal digits, never a float multiply. */
export function percentToRay(pct: number): bigint {
  if (!Number.isFinite(pct) || pct < 0) throw new Error(`rate must be a non-negative percentage, got ${pct}`);
  const [whole = "0", frac = ""] = String(pct).split(".");
  if (frac.length > 25) throw new Error(`rate ${pct}% has more precision than a ray holds`);
  return BigInt(whole) * 10n ** 25n + BigInt(frac.padEnd(25, "0"));
}

async function deployRateStrategy(deployer: TxSender, provider: Address, label: string, rates: RateCurve) {
  const artifact = loadAaveArtifact("DefaultReserveInterestRateStrategy");
  return deployer.deploy(`${label} rate strategy`, artifact.abi, linkBytecode(artifact, {}), [
    provider,
    percentToRay(rates.optimalUsagePct),
    percentToRay(rates.baseVariablePct),
    percentToRay(rates.slope1Pct),
    percentToRay(rates.slope2Pct),
    // Stable-rate borrowing stays disabled (as on mainnet V3 today); these only need to be valid.
    0n,
    0n,
    percentToRay(2),
    percentToRay(5),
    percentToRay(20),
  ]);
}

/** The a/debt token implementations every reserve's proxy points at. */
export async function deployTokenImplementations(
  deployer: TxSender,
  pool: Address,
): Promise<TokenImplementations> {
  const impls: Record<string, Address> = {};
  for (const name of ["AToken", "VariableDebtToken", "StableDebtToken"] as const) {
    const artifact = loadAaveArtifact(name);
    impls[name] = await deployer.deploy(`${name} (impl)`, artifact.abi, linkBytecode(artifact, {}), [pool]);
  }
  return {
    aTokenImpl: impls.AToken!,
    variableDebtTokenImpl: impls.VariableDebtToken!,
    stableDebtTokenImpl: impls.StableDebtToken!,
  };
}

/** initReserves for the whole market, then the risk parameters of each reserve via PoolConfigurator. */
export async function initAndConfigureReserves(
  deployer: TxSender,
  core: { pool: Address; poolConfigurator: Address; poolAddressesProvider: Address },
  impls: TokenImplementations,
  tokens: Record<ReserveSymbol, DeployedToken>,
  treasury: Address,
): Promise<Record<ReserveSymbol, DeployedReserve>> {
  const configurator = loadAaveArtifact("PoolConfigurator");
  const poolArtifact = loadAaveArtifact("Pool");
  const strategies = {} as Record<ReserveSymbol, Address>;
  for (const r of MARKET) {
    strategies[r.symbol] = await deployRateStrategy(deployer, core.poolAddressesProvider, r.symbol, r.rates);
  }
  const input = MARKET.map((r) => ({
    aTokenImpl: impls.aTokenImpl,
    stableDebtTokenImpl: impls.stableDebtTokenImpl,
    variableDebtTokenImpl: impls.variableDebtTokenImpl,
    underlyingAssetDecimals: r.decimals,
    interestRateStrategyAddress: strategies[r.symbol],
    underlyingAsset: tokens[r.symbol].address,
    treasury,
    incentivesController: "0x0000000000000000000000000000000000000000",
    aTokenName: `Aave Devnet ${r.symbol}`,
    aTokenSymbol: `aDev${r.symbol}`,
    variableDebtTokenName: `Aave Devnet Variable Debt ${r.symbol}`,
    variableDebtTokenSymbol: `variableDebtDev${r.symbol}`,
    stableDebtTokenName: `Aave Devnet Stable Debt ${r.symbol}`,
    stableDebtTokenSymbol: `stableDebtDev${r.symbol}`,
    params: "0x10",
  }));
  // One reserve per transaction: five at once (15 proxies) would not fit a sane fixed gas limit.
  for (const [i, reserveInput] of input.entries()) {
    await deployer.write(
      `initReserves ${MARKET[i]?.symbol}`,
      core.poolConfigurator,
      configurator.abi,
      "initReserves",
      [[reserveInput]],
    );
  }

  const result = {} as Record<ReserveSymbol, DeployedReserve>;
  for (const r of MARKET) {
    const asset = tokens[r.symbol].address;
    const w = (label: string, fn: string, args: readonly unknown[]) =>
      deployer.write(`${r.symbol} ${label}`, core.poolConfigurator, configurator.abi, fn, args);
    await w("collateral", "configureReserveAsCollateral", [
      asset,
      BigInt(r.ltvBps),
      BigInt(r.liquidationThresholdBps),
      BigInt(10_000 + r.liquidationBonusBps),
    ]);
    await w("borrowing", "setReserveBorrowing", [asset, true]);
    await w("flash loans", "setReserveFlashLoaning", [asset, true]);
    await w("reserve factor", "setReserveFactor", [asset, BigInt(r.reserveFactorBps)]);
    await w("supply cap", "setSupplyCap", [asset, BigInt(r.supplyCap)]);
    await w("borrow cap", "setBorrowCap", [asset, BigInt(r.borrowCap)]);

    const data = (await deployer.publicClient.readContract({
      address: core.pool,
      abi: poolArtifact.abi,
      functionName: "getReserveData",
      args: [asset],
    })) as { aTokenAddress: Address; variableDebtTokenAddress: Address; stableDebtTokenAddress: Address };
    result[r.symbol] = {
      aToken: data.aTokenAddress,
      variableDebtToken: data.variableDebtTokenAddress,
      stableDebtToken: data.stableDebtTokenAddress,
      interestRateStrategy: strategies[r.symbol],
    };
  }
  // Mainnet V3 flash-loan premium: 0.05 %, of which 0.04 % to the protocol.
  await deployer.write(
    "flash premium",
    core.poolConfigurator,
    configurator.abi,
    "updateFlashloanPremiumTotal",
    [5n],
  );
  await deployer.write(
    "flash premium (protocol)",
    core.poolConfigurator,
    configurator.abi,
    "updateFlashloanPremiumToProtocol",
    [4n],
  );
  return result;
}
