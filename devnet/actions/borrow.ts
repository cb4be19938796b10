import { poolAbi } from "../../shared/abis/pool";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { parseTokenAmount, reserveBySymbol } from "./tokenAmount";

/** Aave's interestRateMode for variable-rate debt (stable borrowing is disabled on the devnet, as on mainnet). */
export const VARIABLE_RATE_MODE = 2n;

/** Pool.borrow at the variable rate for `account`. Returns the base-unit amount. */
export async function borrow(session: DevnetSession, account: DevnetAccount, symbol: string, amount: string) {
  const reserve = reserveBySymbol(session, symbol);
  const value = parseTokenAmount(amount, reserve);
  await createTxSender(session.clients, account.privateKey).write(
    `borrow ${reserve.symbol}`,
    session.info.contracts.pool,
    poolAbi,
    "borrow",
    [reserve.underlying, value, VARIABLE_RATE_MODE, 0, account.address],
  );
  return value;
}
