import { erc20Abi, parseUnits } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aaveMarketOf } from "../../shared/chains/devnetMarket";
import type { BacktestPosition } from "../../shared/schemas/backtest";
import { positionFromChain } from "../../worker/backtest/currentPosition";
import type { HourMove } from "../../worker/backtest/pricePath";
import { replay } from "../../worker/backtest/replay";
import { readAaveMarketAndUser } from "../../worker/defi/aave/readAave";
import { accountData } from "../actions/accountData";
import { liquidate } from "../actions/liquidate";
import { setPrice } from "../actions/setPrice";
import { devnetAccounts } from "../seed/accounts";
import { type DevnetSession, devnetSession } from "../session";
import { type StartedDevnet, startDevnet } from "../testing";

// The back-test's liquidation arithmetic against the real thing: the same account and the same price move, once
// through the replay and once through the devnet's settable feed, the real Pool and a real liquidationCall.

let devnet: StartedDevnet;
let session: DevnetSession;
beforeAll(async () => {
  devnet = await startDevnet();
  session = devnetSession(devnet.rpcUrl, devnet.info);
});
afterAll(() => devnet?.stop());

const T0 = Date.UTC(2022, 5, 12) / 1000;
const flat = (r: number): HourMove => ({ open: r, high: r, low: r, close: r });

/** Relative error of a against b (both token units). */
const relative = (a: bigint, b: bigint) => Math.abs(Number(a - b)) / Number(b);

describe("back-test liquidation = the devnet Pool's liquidationCall", () => {
  it("nearLiquidation after an ETH drop to HF ≈ 0.975: same debt repaid and collateral seized", async () => {
    const user = devnetAccounts.nearLiquidation.address;
    const { publicClient } = session.clients;
    const read = await readAaveMarketAndUser({
      client: publicClient,
      chainId: 31337,
      market: aaveMarketOf(devnet.info),
      user,
    });
    const walletBalances = new Map(
      await Promise.all(
        Object.values(devnet.info.reserves).map(
          async (r) =>
            [
              r.underlying,
              await publicClient.readContract({
                address: r.underlying,
                abi: erc20Abi,
                functionName: "balanceOf",
                args: [user],
              }),
            ] as const,
        ),
      ),
    );
    const current = positionFromChain({ market: read.market, user: read.user, walletBalances });
    // Rates to 0: the devnet liquidates seconds after the read, the replay two hours in.
    const position: BacktestPosition = {
      ...current,
      reserves: current.reserves.map((r) => ({ ...r, supplyRate: 0, borrowRate: 0 })),
    };
    const weth = position.reserves.find((r) => r.asset === "WETH")!;
    const usdc = position.reserves.find((r) => r.asset === "USDC")!;
    expect(Number(weth.supplied)).toBeCloseTo(5, 6);
    expect(weth.liquidationThreshold).toBe(8250);
    expect(weth.liquidationBonus).toBe(10_500);
    // The ETH price at which HF = 0.975 (between 0.95 and 1: the 50 % close factor the devnet liquidator uses).
    const debtUsd = Number(usdc.borrowed) * usdc.priceUsd;
    const crashUsd = Math.round((0.975 * debtUsd) / (Number(weth.supplied) * 0.825));
    const ratio = crashUsd / weth.priceUsd;
    const moves = [flat(1), flat(ratio), flat(ratio)];
    const path = {
      hours: moves.map((_, h) => T0 + h * 3600),
      moves: new Map([
        ["WETH", moves],
        ["ETH", moves],
        ["USDC", moves.map(() => flat(1))],
      ]),
    };
    const result = replay({
      position,
      path,
      rule: null,
      signDelayMinutes: 10,
      gasPriceGwei: 30,
      ethUsd: weth.priceUsd,
    });
    const replayed = result.events.filter((e) => e.type === "liquidation");
    expect(replayed).toHaveLength(1);
    const event = replayed[0]!;
    expect(event.at).toBe(new Date((T0 + 3600) * 1000).toISOString());
    expect(event.healthFactorBefore).toBeGreaterThan(0.95);
    expect(event.healthFactorBefore).toBeLessThan(1);

    await setPrice(session, "WETH", crashUsd);
    const onChain = await liquidate(session, devnetAccounts.nearLiquidation);
    expect(onChain.debtSymbol).toBe("USDC");
    expect(onChain.collateralSymbol).toBe("WETH");
    const repaid = parseUnits(event.debtRepaid!.amount, usdc.decimals);
    const seized = parseUnits(event.collateralSeized!.amount, weth.decimals);
    // Equal within rounding: the Pool's percentMul rounds half the debt up, the devnet liquidator offers it
    // floored (1 unit), and a few seconds of real interest accrue between the read and the liquidation.
    expect(relative(onChain.debtToCover, repaid)).toBeLessThan(1e-6);
    expect(relative(onChain.collateralReceived, seized)).toBeLessThan(1e-6);
    // And the health factor the Pool reports afterwards is the replay's.
    const after = await accountData(session, user);
    expect(Number(after.healthFactor) / 1e18).toBeCloseTo(event.healthFactor!, 5);
  });
});
