import { erc20Abi } from "viem";
import { poolAbi } from "../../shared/abis/pool";
import { createTxSender } from "../deploy/context";
import { type DevnetAccount, devnetAccounts } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { accountData } from "./accountData";
import { fundAndApprove } from "./fundAndApprove";
import { reservePositions } from "./positions";

export interface LiquidationResult {
  debtSymbol: string;
  collateralSymbol: string;
  debtToCover: bigint;
  debtBefore: bigint;
  debtAfter: bigint;
  /** Collateral (underlying, base units) the liquidator received. */
  collateralReceived: bigint;
  healthFactorBefore: bigint;
  healthFactorAfter: bigint;
}

/**
 * The devnet liquidator repays half of the account's largest debt (Aave's 50 % close factor) and seizes its
 * largest collateral plus the liquidation bonus. Fails with Aave's own error if the account is healthy (HF ≥ 1).
 */
export async function liquidate(session: DevnetSession, account: DevnetAccount): Promise<LiquidationResult> {
  const liquidator = devnetAccounts.liquidator;
  const positions = await reservePositions(session, account.address);
  const byValue = (key: "debtBase" | "suppliedBase") =>
    positions.filter((p) => p[key] > 0n).sort((a, b) => (b[key] > a[key] ? 1 : b[key] < a[key] ? -1 : 0))[0];
  const debt = byValue("debtBase");
  const collateral = byValue("suppliedBase");
  if (!debt) throw new Error(`${account.name} has no debt to liquidate`);
  if (!collateral) throw new Error(`${account.name} has no collateral to seize`);

  const before = await accountData(session, account.address);
  const debtToCover = debt.debt / 2n;
  const pool = session.info.contracts.pool;
  await fundAndApprove(session, liquidator, debt.reserve, debtToCover, pool);
  const { publicClient } = session.clients;
  const collateralBalance = () =>
    publicClient.readContract({
      address: collateral.reserve.underlying,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [liquidator.address],
    });
  const collateralBefore = await collateralBalance();
  await createTxSender(session.clients, liquidator.privateKey).write(
    `liquidate ${account.name}`,
    pool,
    poolAbi,
    "liquidationCall",
    [collateral.reserve.underlying, debt.reserve.underlying, account.address, debtToCover, false],
  );
  const debtAfter = await publicClient.readContract({
    address: debt.reserve.variableDebtToken,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account.address],
  });
  const after = await accountData(session, account.address);
  return {
    debtSymbol: debt.reserve.symbol,
    collateralSymbol: collateral.reserve.symbol,
    debtToCover,
    debtBefore: debt.debt,
    debtAfter,
    collateralReceived: (await collateralBalance()) - collateralBefore,
    healthFactorBefore: before.healthFactor,
    healthFactorAfter: after.healthFactor,
  };
}
