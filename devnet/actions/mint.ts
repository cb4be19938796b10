import { testErc20Abi } from "../abis/testErc20";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { parseTokenAmount, reserveBySymbol } from "./tokenAmount";

/** Mints devnet test tokens into `account`'s wallet (devnet tokens are open-mint). */
export async function mint(session: DevnetSession, account: DevnetAccount, symbol: string, amount: string) {
  const reserve = reserveBySymbol(session, symbol);
  const value = parseTokenAmount(amount, reserve);
  await createTxSender(session.clients, account.privateKey).write(
    `mint ${reserve.symbol}`,
    reserve.underlying,
    testErc20Abi,
    "mint",
    [account.address, value],
  );
  return value;
}
