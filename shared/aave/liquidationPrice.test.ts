import { type Address, createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountData } from "../../devnet/actions/accountData";
import { setPrice } from "../../devnet/actions/setPrice";
import { devnetSession } from "../../devnet/session";
import { type StartedDevnet, startDevnet } from "../../devnet/testing";
import { readAaveMarketAndUser } from "../../worker/defi/aave/readAave";
import { aaveMarketOf } from "../chains/devnetMarket";
import { baseToUsd } from "./baseCurrency";
import { liquidationPrice } from "./liquidationPrice";
import { computeUserAccount } from "./userAccount";

let devnet: StartedDevnet;

async function accountOf(user: Address) {
  const client = createPublicClient({ transport: http(devnet.rpcUrl) });
  const { market, user: position } = await readAaveMarketAndUser({
    client,
    chainId: devnet.info.chainId,
    market: aaveMarketOf(devnet.info),
    user,
  });
  const account = computeUserAccount({
    reserves: market.reserves,
    userReserves: position.userReserves,
    userEModeCategoryId: position.userEModeCategoryId,
    now: market.blockTimestamp,
  });
  return { account, baseCurrency: market.baseCurrency };
}

beforeAll(async () => {
  devnet = await startDevnet({ port: 8812 });
});
afterAll(async () => {
  await devnet?.stop();
});

describe("liquidation price of a collateral asset", () => {
  it("moving the feed to it puts the health factor at 1.000 on-chain", async () => {
    const session = devnetSession(devnet.rpcUrl, devnet.info);
    const user = devnet.info.accounts.borrower;
    const { account, baseCurrency } = await accountOf(user);
    const collateral = account.positions.filter((p) => p.usedAsCollateral && p.supplied > 0n);
    expect(collateral.length).toBeGreaterThan(0);
    const largest = collateral.reduce((a, b) => (b.suppliedBase > a.suppliedBase ? b : a));
    const priceBase = liquidationPrice(account, largest.underlyingAsset);
    expect(priceBase).not.toBeNull();
    const priceUsd = baseToUsd(priceBase ?? 0, baseCurrency);
    // Below today's price (the borrower is solvent) but not absurdly far.
    expect(priceUsd).toBeLessThan(baseToUsd(largest.price, baseCurrency));
    expect(priceUsd).toBeGreaterThan(baseToUsd(largest.price, baseCurrency) * 0.3);

    await setPrice(session, largest.symbol, priceUsd);
    const after = await accountData(session, user);
    expect(Number(after.healthFactor) / 1e18).toBeCloseTo(1, 3);
  });

  it("is null without debt: no price can liquidate a pure supplier", async () => {
    const { account } = await accountOf(devnet.info.accounts.supplier);
    expect(account.positions.length).toBeGreaterThan(0);
    for (const position of account.positions)
      expect(liquidationPrice(account, position.underlyingAsset)).toBeNull();
  });
});
