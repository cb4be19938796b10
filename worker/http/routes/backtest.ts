import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type Address, erc20Abi } from "viem";
import { MULTICALL3_ADDRESS } from "../../../shared/chains/types";
import {
  type BacktestPosition,
  backtestRequestSchema,
  backtestResponseSchema,
} from "../../../shared/schemas/backtest";
import type { RuleCreate } from "../../../shared/schemas/rules";
import { chainCandleSource } from "../../backtest/chainCandleSource";
import { positionFromChain } from "../../backtest/currentPosition";
import { type CandleSource, MissingPriceDataError, UnpricedAssetError } from "../../backtest/pricePath";
import { r2CandleSource } from "../../backtest/r2CandleSource";
import { runBacktest } from "../../backtest/runBacktest";
import { publicClientFor } from "../../chain/client";
import { servedChain, servedChains } from "../../chain/servedChains";
import { captureUpstream, unwrapOutcome } from "../../chain/upstreamOutcome";
import { loadConfig } from "../../config";
import { readAaveUser } from "../../defi/aave/readAave";
import { marketObjectFor } from "../../defi/market/marketObject";
import type { AppEnv } from "../appEnv";
import { NotFoundError, UnprocessableError, ValidationError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { sharedAaveMarket } from "./protocols";
import { userObject } from "./userStub";

const backtest = createRoute({
  method: "post",
  path: "/rules/backtest",
  tags: ["rules"],
  security: bearer,
  middleware: [requireAuth, rateLimitPerUser("backtest")],
  summary: "Replay a rule on real price history: the position without and with the rule, per window",
  description:
    "Each window's relative hourly moves are applied to today's prices (the crash as it would hit the position now). Recent windows on a served chain replay the chain's own oracle history (the last ~31 days); older ones the archive of hourly candles. The answer lists its assumptions; a window without price history for an asset is a 422 naming both.",
  request: { body: jsonBody(backtestRequestSchema) },
  responses: {
    200: jsonContent(
      backtestResponseSchema,
      "Per window: HF path, events and summary, without and with the rule",
    ),
    ...errorResponses(400, 401, 404, 413, 415, 422, 429, 502, 503),
  },
});

/** The chain a rule acts on (or watches), else the first served one. */
function chainOf(rule: RuleCreate): number | undefined {
  if ("chainId" in rule.action) return rule.action.chainId;
  if ("chainId" in rule.trigger) return rule.trigger.chainId;
  return undefined;
}

/** The user's current Aave account on the rule's chain, with what their wallet holds of each reserve. */
async function currentPosition(c: Context<AppEnv>, rule: RuleCreate): Promise<BacktestPosition> {
  const config = loadConfig(c.env);
  const chain = servedChain(config, chainOf(rule));
  if (!chain.aave) throw new NotFoundError(`Aave market on chain ${chain.chainId}`);
  const aave = chain.aave;
  const owner = c.get("session").user.address as Address;
  const client = publicClientFor(config, chain.chainId);
  const market = (await sharedAaveMarket(c.env, chain.chainId)).value;
  const [user, balances] = unwrapOutcome(
    await captureUpstream("Reading your Aave position and wallet", () =>
      Promise.all([
        readAaveUser({ client, chainId: chain.chainId, market: aave, user: owner }),
        client.multicall({
          multicallAddress: MULTICALL3_ADDRESS,
          allowFailure: false,
          contracts: market.reserves.map((r) => ({
            address: r.underlyingAsset,
            abi: erc20Abi,
            functionName: "balanceOf" as const,
            args: [owner] as const,
          })),
        }),
      ]),
    ),
  );
  const walletBalances = new Map(market.reserves.map((r, i) => [r.underlyingAsset, balances[i] ?? 0n]));
  const position = positionFromChain({ market, user, walletBalances });
  if (position.reserves.length === 0) {
    throw new UnprocessableError(
      `You have no Aave position on chain ${chain.chainId} to replay: send a position with the request.`,
    );
  }
  return position;
}

/**
 * The archive of hourly candles (R2), and before it, on a chain this deployment serves, the chain's own oracle
 * history kept by its market object: the recent past (the last 30 days) replays from the chain.
 */
function candleSource(c: Context<AppEnv>, chainId: number): CandleSource {
  const archive = r2CandleSource(c.env.PRICES);
  const served = servedChains(loadConfig(c.env)).some((chain) => chain.chainId === chainId && chain.aave);
  if (!served) return archive;
  return chainCandleSource(
    () => marketObjectFor(c.env.MARKET, chainId).priceCandles(chainId),
    archive,
    (event) => console.log(JSON.stringify(event)),
  );
}

export function registerBacktestRoutes(app: App): void {
  app.openapi(backtest, async (c) => {
    const request = c.req.valid("json");
    let rule: RuleCreate;
    let ruleId: string | undefined;
    if (request.ruleId !== undefined) {
      const stored = await userObject(c).getRule(request.ruleId);
      if (!stored) throw new NotFoundError("Rule");
      rule = stored;
      ruleId = stored.id;
    } else {
      // The schema's refinement guarantees one of the two.
      rule = request.rule as RuleCreate;
    }
    const position = request.position ?? (await currentPosition(c, rule));
    try {
      const result = await runBacktest({
        rule,
        ruleId,
        position,
        windows: request.windows,
        signDelayMinutes: request.signDelayMinutes,
        gasPriceGwei: request.gasPriceGwei,
        source: candleSource(c, position.chainId),
        now: Math.floor(Date.now() / 1000),
      });
      return c.json(result, 200);
    } catch (error) {
      if (error instanceof MissingPriceDataError) {
        throw new UnprocessableError(
          `No price history for ${error.asset} from ${error.from} to ${error.to}.`,
          {
            details: error.message,
            data: { asset: error.asset, from: error.from, to: error.to },
          },
        );
      }
      if (error instanceof UnpricedAssetError) {
        const index = position.reserves.findIndex((r) => r.asset === error.asset);
        if (request.position) {
          throw new ValidationError(`Invalid body: position.reserves.${index}.asset: ${error.message}.`, [
            { location: "body", path: `position.reserves.${index}.asset`, message: error.message },
          ]);
        }
        throw new UnprocessableError(
          `Your position holds ${error.asset}, which Vigil cannot replay: ${error.message}.`,
        );
      }
      throw error;
    }
  });
}
