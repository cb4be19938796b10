import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { candleObjects } from "../../../shared/prices/candleObjects";
import type { Candle } from "../../../shared/prices/types";
import { type BacktestResponse, backtestResponseSchema } from "../../../shared/schemas/backtest";
import type { Rule } from "../../../shared/schemas/rules";
import { CRASH, position, repayRule, T0 } from "../../backtest/replay.fixture";
import { chain, marketObject, revertChainAfterEachTest, setPriceUsd } from "../../test/devnet";
import { anvilAccount, call, errorOf, seededSession, signIn } from "../../test/helpers";

// The route end to end in workerd: candles from the R2 bucket (filled here with the hand-computed crash),
// the engine, and the user's current position read from the devnet when none is sent.

const at = (hour: number) => new Date((T0 + hour * 3600) * 1000).toISOString();
const window = { from: at(0), to: at(CRASH.length) };
const rule = repayRule();

beforeAll(async () => {
  // ETH at $2,000 × the crash's moves, 2022-06-01 00:00–06:00; the index says the data ends there.
  const eth: Candle[] = CRASH.map((m, h) => ({
    time: T0 + h * 3600,
    open: 2000 * m.open,
    high: 2000 * m.high,
    low: 2000 * m.low,
    close: 2000 * m.close,
  }));
  for (const [key, body] of candleObjects({ ETH: eth })) await env.PRICES.put(key, body);
});

async function newToken(): Promise<string> {
  return (await signIn(privateKeyToAccount(generatePrivateKey()))).token;
}

async function backtest(token: string, body: unknown): Promise<Response> {
  return call("/rules/backtest", { method: "POST", token, json: body });
}

describe("POST /rules/backtest", () => {
  it("replays a sent position and rule through the bucket's candles: liquidated without, survives with", async () => {
    const token = await newToken();
    const response = await backtest(token, { rule, position: position(), windows: [window] });
    expect(response.status).toBe(200);
    const body: BacktestResponse = backtestResponseSchema.parse(await response.json());
    const [result] = body.windows;
    expect(result?.hours).toBe(6);
    // The hand-computed case of worker/backtest/replay.test.ts, now through R2 and HTTP.
    expect(result?.withoutRule.summary).toMatchObject({
      liquidations: 1,
      firstLiquidationAt: at(4),
      collateralSeizedUsd: 5250,
      bonusLostUsd: 250,
    });
    expect(result?.withRule.summary).toMatchObject({
      liquidations: 0,
      proposals: 1,
      executed: 1,
      gasSpentUsd: 10.35,
    });
    expect(result?.withRule.events.map((e) => e.type)).toEqual(["proposal", "executed"]);
    expect(result?.withRule.series).toHaveLength(6);
    expect(result?.verdict).toBe(
      "With this rule, your position would have survived 2022-06-01 – 2022-06-01 with 1 repay costing $10.35 in gas; without it, it was liquidated on 2022-06-01 at 04:00 UTC, losing $250 to the liquidation bonus.",
    );
    expect(body.assumptions.join(" ")).toMatch(/collateral at the hour's low and debt at its high/);
  });

  it("a window without price history is a 422 naming the asset and the range", async () => {
    const token = await newToken();
    const response = await backtest(token, {
      rule,
      position: position(),
      windows: [{ name: "august_2024" }],
    });
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("unprocessable");
    expect(error.message).toBe(
      "No price history for WETH from 2024-08-01T00:00:00.000Z to 2024-09-01T00:00:00.000Z.",
    );
    expect(error.details).toMatchObject({ asset: "WETH", from: "2024-08-01T00:00:00.000Z" });
  });

  it("the last 30 days count back from where the data ends, and say so", async () => {
    const token = await newToken();
    // Only six hours stored: 30 days back from their end has < 90 % of its hours → 422, naming the range.
    const response = await backtest(token, {
      rule,
      position: position(),
      windows: [{ name: "last_30_days" }],
    });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toBe(
      `No price history for WETH from ${new Date((T0 + 6 * 3600 - 30 * 86_400) * 1000).toISOString()} to ${at(6)}.`,
    );
  });

  it("bad input is a 400 that says what is wrong, field by field", async () => {
    const token = await newToken();
    const cases: [unknown, string, RegExp][] = [
      [{ position: position(), windows: [window] }, "rule", /exactly one of rule .* or ruleId/],
      [{ rule, ruleId: crypto.randomUUID(), windows: [window] }, "rule", /exactly one of rule/],
      [{ rule, windows: [{ from: at(5), to: at(1) }] }, "windows.0.to", /to must be after from/],
      [{ rule, windows: [] }, "windows", /at least one window/],
      [{ rule, windows: [{ name: "june_2023" }] }, "windows.0", /named window|each window/],
      [{ rule, windows: [window], signDelayMinutes: 2000 }, "signDelayMinutes", /at most 1440/],
      [
        {
          rule,
          windows: [window],
          position: { ...position(), reserves: [{ ...position().reserves[0], asset: "FOO" }] },
        },
        "position.reserves.0.asset",
        /FOO has no price history/,
      ],
      [
        {
          rule,
          windows: [window],
          position: { ...position(), reserves: [{ ...position().reserves[0], liquidationBonus: 500 }] },
        },
        "position.reserves.0.liquidationBonus",
        /including the 100 %/,
      ],
    ];
    for (const [body, path, message] of cases) {
      const response = await backtest(token, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      const field = error.details?.fields?.find((f) => f.path === path);
      expect(field?.message, `${path} in ${JSON.stringify(error.details?.fields)}`).toMatch(message);
    }
  });

  it("a stored rule by id; an unknown id is a 404", async () => {
    const token = await newToken();
    const created = await call("/rules", {
      method: "POST",
      token,
      json: {
        name: "tell me",
        trigger: { type: "health_factor_below", value: 1.25 },
        action: { type: "notify" },
      },
    });
    expect(created.status).toBe(201);
    const stored = (await created.json()) as Rule;
    const response = await backtest(token, { ruleId: stored.id, position: position(), windows: [window] });
    expect(response.status).toBe(200);
    const body = backtestResponseSchema.parse(await response.json());
    // A notify rule proposes nothing to sign: it notifies (once an hour: its cooldown) and the crash still liquidates.
    expect(body.windows[0]?.withRule.events.map((e) => [e.type, e.at])).toEqual([
      ["proposal", at(4)],
      ["liquidation", at(4)],
      ["proposal", at(5)],
      ["proposal", at(6)],
    ]);
    expect(body.windows[0]?.withRule.events[0]?.message).toMatch(
      /^notified: health factor is 1\.20, below 1\.25/,
    );
    const missing = await backtest(token, {
      ruleId: crypto.randomUUID(),
      position: position(),
      windows: [window],
    });
    expect(missing.status).toBe(404);
  });

  it("without a position, replays the user's current Aave account and wallet (the seeded borrower)", async () => {
    const { token } = await seededSession(anvilAccount(2));
    const response = await backtest(token, {
      rule: { ...rule, action: { ...rule.action, chainId: 31337 } },
      windows: [window],
    });
    expect(response.status).toBe(200);
    const result = backtestResponseSchema.parse(await response.json()).windows[0]!;
    // 10 WETH against 21,260 DAI (HF ≈ 1.3): the −25 % close of hour 3 already liquidates it without the rule …
    expect(result.withoutRule.summary.liquidations).toBeGreaterThan(0);
    expect(result.withoutRule.summary.startValueUsd).toBeGreaterThan(0);
    // … while the repay (HF 1.17 < 1.25 at hour 1's close), funded by the DAI the borrower holds, keeps it above 1.
    expect(result.withRule.events[0]).toMatchObject({ type: "proposal", at: at(2) });
    expect(result.withRule.events[1]?.type).toBe("executed");
    expect(result.withRule.summary.liquidations).toBe(0);
  });

  it("a user with no Aave position and no position sent gets a 422 that says to send one", async () => {
    const token = await newToken();
    const response = await backtest(token, {
      rule: { ...rule, action: { ...rule.action, chainId: 31337 } },
      windows: [window],
    });
    expect(response.status).toBe(422);
    expect((await errorOf(response)).message).toMatch(
      /no Aave position on chain 31337 to replay: send a position/,
    );
  });
});

describe("POST /rules/backtest: the last 30 days from the chain (devnet)", () => {
  revertChainAfterEachTest();

  it("replays the chain's own oracle rounds up to its latest block, where the archive has nothing", async () => {
    const token = await newToken();
    // The devnet's feeds hold a month of seeded hourly rounds; now a crash is written on chain (WETH at $500).
    await setPriceUsd("WETH", 500);
    await marketObject().invalidate();
    const crashAt = Number((await chain.getBlock()).timestamp);
    const crashHour = Math.floor(crashAt / 3600) * 3600;
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
    const onDevnet = {
      rule: { ...rule, action: { ...rule.action, chainId: 31337 } },
      position: { ...position(), chainId: 31337 },
      windows: [{ name: "last_30_days" }],
    };
    const response = await backtest(token, onDevnet);
    expect(response.status).toBe(200);
    const result = backtestResponseSchema.parse(await response.json()).windows[0]!;
    // The window ends with the chain's current hour (the chain's clock, 2025, is behind this machine's: said).
    expect(result.to).toBe(iso(crashHour + 3600));
    expect(result.from).toBe(iso(crashHour + 3600 - 30 * 86_400));
    expect(result.hours).toBe(720);
    const start = iso(crashHour + 3600 - 30 * 86_400)
      .slice(0, 16)
      .replace("T", " ");
    expect(result.notes).toContain(
      `prices from ${start} UTC on are the chain's own oracle rounds (hourly open, high, low and close of what Aave's oracle answered), not exchange candles`,
    );
    // HF 1.6 survives the seeded month; the on-chain crash liquidates it in the hour it was written.
    expect(result.withoutRule.summary.liquidations).toBeGreaterThan(0);
    expect(result.withoutRule.summary.firstLiquidationAt).toBe(iso(crashHour));
    expect(result.withoutRule.events[0]).toMatchObject({ type: "liquidation", at: iso(crashHour) });

    // The same request for a chain this deployment does not serve reads the archive alone: no such month there.
    const archiveOnly = await backtest(token, { ...onDevnet, position: position() });
    expect(archiveOnly.status).toBe(422);
    expect((await errorOf(archiveOnly)).message).toMatch(/^No price history for WETH from /);
  });
});
