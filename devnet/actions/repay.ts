import { erc20Abi, maxUint256 } from "viem";
import { poolAbi } from "../../shared/abis/pool";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { VARIABLE_RATE_MODE } from "./borrow";
import { fundAndApprove } from "./fundAndApprove";
import { parseTokenAmount, reserveBySymbol } from "./tokenAmount";

/**
 * Pool.repay of variable debt for `account`; `amount` "max" repays all of it (interest included). Tokens the
 * account lacks are minted first. Returns the debt (base units) before and after.
 */
export async function repay(session: DevnetSession, account: DevnetAccount, symbol: string, amount: string) {
  const reserve = reserveBySymbol(session, symbol);
  const { publicClient } = session.clients;
  const debtOf = () =>
    publicClient.readContract({
      address: reserve.variableDebtToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [account.address],
    });
  const before = await debtOf();
  if (before === 0n) throw new Error(`${account.name} has no ${reserve.symbol} debt to repay`);
  const all = amount.toLowerCase() === "max";
  const value = all ? maxUint256 : parseTokenAmount(amount, reserve);
  // For "max", fund a little above today's debt: interest accrues until the repay's own block.
  const needed = all ? before + before / 1000n + 1n : value;
  await fundAndApprove(session, account, reserve, needed, session.info.contracts.pool);
  await createTxSender(session.clients, account.privateKey).write(
    `repay ${reserve.symbol}`,
    session.info.contracts.pool,
    poolAbi,
    "repay",
    [reserve.underlying, value, VARIABLE_RATE_MODE, account.address],
  );
  return { before, after: await debtOf() };
}
