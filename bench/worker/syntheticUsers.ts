// Synthetic watched users for the scale benchmarks: index entries that behave like the real users' registrations
// (bench/worker/scaleRoutes.ts puts them in the market object; bench/suites/objectCapacity.ts in a position watch).
import { devnetDeployment } from "../../shared/chains/devnet";

export interface SyntheticRegistration {
  address: `0x${string}`;
  exposure: { asset: `0x${string}`; collateral: number; debt: number }[];
  lines: number[];
}

/**
 * The alert threshold of user i: spread over 1.2 … 2.79 (the real wallets' health factors are 2.4 … 2.8) so a
 * price move crosses some users' lines, not all.
 */
export const thresholdOf = (i: number) => 1.2 + (i % 160) / 100;

/**
 * A synthetic user like the real ones: 2 WETH of collateral at WETH's liquidation threshold (0.825 on the
 * devnet), DAI debt spread so health factors run 1.1 … 3 at 3,350 USD, and its threshold's lines.
 */
export function syntheticRegistration(i: number): SyntheticRegistration {
  const weth = devnetDeployment.reserves.WETH.underlying;
  const dai = devnetDeployment.reserves.DAI.underlying;
  const hf = 1.1 + ((i * 7919) % 1900) / 1000;
  const collateral = 2 * 0.825;
  const threshold = thresholdOf(i);
  return {
    address: `0x${(0x5c0000000 + i).toString(16).padStart(40, "0")}`,
    exposure: [
      { asset: weth, collateral, debt: 0 },
      { asset: dai, collateral: 0, debt: (collateral * 3350) / hf },
    ],
    lines: [1, 1.02, threshold, Number((threshold * 1.02).toPrecision(6))],
  };
}
