import { settableAggregatorAbi } from "../abis/settableAggregator";
import { createTxSender } from "../deploy/context";
import { usdToFeedAnswer } from "../deploy/market";
import { devnetAccounts } from "../seed/accounts";
import type { DevnetSession } from "../session";
import { reserveBySymbol } from "./tokenAmount";

/** Sets a reserve's USD price feed (8 decimals); AaveOracle and so every health factor follow at once. */
export async function setPrice(session: DevnetSession, symbol: string, usd: number): Promise<bigint> {
  const reserve = reserveBySymbol(session, symbol);
  const answer = usdToFeedAnswer(usd);
  await createTxSender(session.clients, devnetAccounts.deployer.privateKey).write(
    `set ${reserve.symbol} price`,
    reserve.aggregator,
    settableAggregatorAbi,
    "setAnswer",
    [answer],
  );
  return answer;
}
