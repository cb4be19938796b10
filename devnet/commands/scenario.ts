import { formatUnits } from "viem";
import { devnetDeployment } from "../../shared/chains/devnet";
import { accountData } from "../actions/accountData";
import { advanceTime } from "../actions/advanceTime";
import { borrow } from "../actions/borrow";
import { liquidate } from "../actions/liquidate";
import { repay } from "../actions/repay";
import { setPrice } from "../actions/setPrice";
import { supply } from "../actions/supply";
import { reserveBySymbol } from "../actions/tokenAmount";
import { ACCOUNT_NAMES, devnetAccount } from "../seed/accounts";
import { devnetSession } from "../session";
import { formatHealthFactor, formatUsd } from "./format";

// Scenario commands talk to a running devnet (`npm run devnet -- start`) at --rpc.
const sessionAt = (rpcUrl: string) => devnetSession(rpcUrl, devnetDeployment);

async function printHealth(rpcUrl: string, name: string): Promise<void> {
  const session = sessionAt(rpcUrl);
  const data = await accountData(session, devnetAccount(name).address);
  console.log(
    `${name}: HF ${formatHealthFactor(data.healthFactor)}, collateral ${formatUsd(data.totalCollateralBase)}, debt ${formatUsd(data.totalDebtBase)}`,
  );
}

export async function priceCommand(rpcUrl: string, symbol: string, usdText: string): Promise<void> {
  const usd = Number(usdText);
  const answer = await setPrice(sessionAt(rpcUrl), symbol, usd);
  console.log(`${reserveBySymbol(sessionAt(rpcUrl), symbol).symbol} = $${formatUnits(answer, 8)}`);
}

export async function advanceCommand(rpcUrl: string, secondsText: string): Promise<void> {
  const timestamp = await advanceTime(sessionAt(rpcUrl), Number(secondsText));
  console.log(`chain time now ${new Date(Number(timestamp) * 1000).toISOString()} (${timestamp})`);
}

export async function positionCommand(
  rpcUrl: string,
  action: "supply" | "borrow" | "repay",
  name: string,
  symbol: string,
  amount: string,
): Promise<void> {
  const session = sessionAt(rpcUrl);
  const account = devnetAccount(name);
  if (action === "supply") await supply(session, account, symbol, amount);
  else if (action === "borrow") await borrow(session, account, symbol, amount);
  else await repay(session, account, symbol, amount);
  console.log(`${name} ${action} ${amount} ${reserveBySymbol(session, symbol).symbol}: done`);
  await printHealth(rpcUrl, name);
}

export async function liquidateCommand(rpcUrl: string, name: string): Promise<void> {
  const session = sessionAt(rpcUrl);
  const r = await liquidate(session, devnetAccount(name));
  const debt = reserveBySymbol(session, r.debtSymbol);
  const collateral = reserveBySymbol(session, r.collateralSymbol);
  console.log(
    `liquidator repaid ${formatUnits(r.debtToCover, debt.decimals)} ${debt.symbol} of ${name}'s debt ` +
      `(${formatUnits(r.debtBefore, debt.decimals)} -> ${formatUnits(r.debtAfter, debt.decimals)}) and received ` +
      `${formatUnits(r.collateralReceived, collateral.decimals)} ${collateral.symbol}; ` +
      `HF ${formatHealthFactor(r.healthFactorBefore)} -> ${formatHealthFactor(r.healthFactorAfter)}`,
  );
}

/** `status`: every named account's health from Pool.getUserAccountData. */
export async function statusCommand(rpcUrl: string): Promise<void> {
  for (const name of ACCOUNT_NAMES) await printHealth(rpcUrl, name);
}
