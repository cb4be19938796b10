import { poolAbi } from "../../shared/abis/pool";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { fundAndApprove } from "./fundAndApprove";
import { parseTokenAmount, reserveBySymbol } from "./tokenAmount";

/** Pool.supply for `account` (minting the tokens first if it lacks them). Returns the base-unit amount. */
export async function supply(session: DevnetSession, account: DevnetAccount, symbol: string, amount: string) {
  const reserve = reserveBySymbol(session, symbol);
  const value = parseTokenAmount(amount, reserve);
  const pool = session.info.contracts.pool;
  await fundAndApprove(session, account, reserve, value, pool);
  await createTxSender(session.clients, account.privateKey).write(
    `supply ${reserve.symbol}`,
    pool,
    poolAbi,
    "supply",
    [reserve.underlying, value, account.address, 0],
  );
  return value;
}
