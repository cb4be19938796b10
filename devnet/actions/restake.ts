import { strategyManagerAbi } from "../../shared/abis/eigenLayer";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { fundAndApprove } from "./fundAndApprove";
import { parseTokenAmount, reserveBySymbol } from "./tokenAmount";

/** Deposits wstETH into the EigenLayer stand-in's wstETH strategy (StrategyManager.depositIntoStrategy). */
export async function restakeWstEth(
  session: DevnetSession,
  account: DevnetAccount,
  amount: string,
): Promise<bigint> {
  const reserve = reserveBySymbol(session, "wstETH");
  const value = parseTokenAmount(amount, reserve);
  const { strategyManager, strategies } = session.info.eigenLayer;
  await fundAndApprove(session, account, reserve, value, strategyManager);
  await createTxSender(session.clients, account.privateKey).write(
    "restake wstETH",
    strategyManager,
    strategyManagerAbi,
    "depositIntoStrategy",
    [strategies.wstETH, reserve.underlying, value],
  );
  return value;
}
