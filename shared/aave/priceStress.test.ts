import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountData } from "../../devnet/actions/accountData";
import { setPrice } from "../../devnet/actions/setPrice";
import { devnetSession } from "../../devnet/session";
import { type StartedDevnet, startDevnet } from "../../devnet/testing";
import { formatAaveAccount } from "../../worker/defi/aave/formatAaveAccount";
import { readAaveMarketAndUser } from "../../worker/defi/aave/readAave";
import { aaveMarketOf } from "../chains/devnetMarket";
import { healthFactorAfterPriceMoves } from "./priceStress";

let devnet: StartedDevnet;

async function borrowerAccount() {
  const { market, user } = await readAaveMarketAndUser({
    client: createPublicClient({ transport: http(devnet.rpcUrl) }),
    chainId: devnet.info.chainId,
    market: aaveMarketOf(devnet.info),
    user: devnet.info.accounts.borrower,
  });
  return formatAaveAccount({ market, user, pool: devnet.info.contracts.pool });
}

beforeAll(async () => {
  devnet = await startDevnet({ port: 8813 });
});
afterAll(async () => {
  await devnet?.stop();
});

describe("health factor after price moves", () => {
  it("gives the account's own HF without a move, and the Pool's HF once the oracle really moves", async () => {
    const account = await borrowerAccount();
    expect(healthFactorAfterPriceMoves(account, () => 0)).toBeCloseTo(account.healthFactor ?? 0, 9);

    // WETH −15 % and the DAI debt +2 % (a depeg the wrong way): predicted from today's figures…
    const moves: Record<string, number> = { WETH: -0.15, DAI: 0.02 };
    const predicted = healthFactorAfterPriceMoves(account, (symbol) => moves[symbol] ?? 0);
    const weth = account.supplies.find((s) => s.symbol === "WETH");
    const dai = account.borrows.find((b) => b.symbol === "DAI");
    if (!weth || !dai || predicted === null)
      throw new Error("the seeded borrower supplies WETH and owes DAI");
    expect(predicted).toBeLessThan(account.healthFactor ?? 0);

    // …then the same moves on the oracle: the Pool lands on the prediction.
    const session = devnetSession(devnet.rpcUrl, devnet.info);
    await setPrice(session, "WETH", weth.priceUsd * 0.85);
    await setPrice(session, "DAI", dai.priceUsd * 1.02);
    const onChain = Number((await accountData(session, devnet.info.accounts.borrower)).healthFactor) / 1e18;
    expect(predicted).toBeCloseTo(onChain, 4);
  });

  it("puts HF at 1 at a supply's own liquidation price, and has none without debt", async () => {
    const account = await borrowerAccount();
    const weth = account.supplies.find((s) => s.symbol === "WETH");
    if (!weth?.liquidationPriceUsd) throw new Error("WETH has a liquidation price");
    const move = weth.liquidationPriceUsd / weth.priceUsd - 1;
    expect(healthFactorAfterPriceMoves(account, (s) => (s === "WETH" ? move : 0))).toBeCloseTo(1, 6);
    expect(healthFactorAfterPriceMoves({ supplies: account.supplies, borrows: [] }, () => -0.5)).toBeNull();
  });
});
