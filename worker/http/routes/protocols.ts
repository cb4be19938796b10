import { createRoute } from "@hono/zod-openapi";
import {
  aaveApyQuerySchema,
  aavePositionsQuerySchema,
  aavePositionsResponseSchema,
  aaveReserveMarketSchema,
  eigenLayerPositionsQuerySchema,
  eigenLayerPositionsResponseSchema,
} from "../../../shared/schemas/portfolio";
import { publicClientFor } from "../../chain/client";
import { servedChain } from "../../chain/servedChains";
import { captureUpstream, unwrapOutcome } from "../../chain/upstreamOutcome";
import { loadConfig } from "../../config";
import { formatAaveAccount } from "../../defi/aave/formatAaveAccount";
import { formatReserveMarket } from "../../defi/aave/formatReserveMarket";
import { readAaveUser } from "../../defi/aave/readAave";
import { formatEigenLayerAccount } from "../../defi/eigenlayer/formatEigenLayerAccount";
import { readEigenLayerDeposits } from "../../defi/eigenlayer/readEigenLayer";
import { marketObjectFor } from "../../defi/market/marketObject";
import type { Env } from "../../env";
import { NotFoundError } from "../errors";
import { rateLimitByIp } from "../middleware/rateLimit";
import { type App, errorResponses, jsonContent } from "../openapi";

const tags = ["protocols"];

/** Public reads cost RPC calls, so they are limited per IP. */
const rateLimitPublicReads = rateLimitByIp((env) => env.PUBLIC_READ_LIMIT, "requests");
const middleware = [rateLimitPublicReads];

const aavePositions = createRoute({
  method: "get",
  path: "/protocols/aave/positions",
  tags,
  middleware,
  summary: "Any address's Aave V3 account on one chain: positions, APYs, health factor, liquidation prices",
  request: { query: aavePositionsQuerySchema },
  responses: {
    200: jsonContent(aavePositionsResponseSchema, "The account at the block it was read"),
    ...errorResponses(400, 404, 429, 502, 503),
  },
});

const aaveApy = createRoute({
  method: "get",
  path: "/protocols/aave/apy",
  tags,
  middleware,
  summary: "One Aave reserve's supply and variable-borrow APY (per-second compounding) and price",
  request: { query: aaveApyQuerySchema },
  responses: {
    200: jsonContent(aaveReserveMarketSchema, "The reserve's rates"),
    ...errorResponses(400, 404, 429, 502, 503),
  },
});

const eigenLayerPositions = createRoute({
  method: "get",
  path: "/protocols/eigenlayer/positions",
  tags,
  middleware,
  summary: "Any address's restaked EigenLayer deposits (shares and underlying amounts)",
  request: { query: eigenLayerPositionsQuerySchema },
  responses: {
    200: jsonContent(eigenLayerPositionsResponseSchema, "The deposits at the block they were read"),
    ...errorResponses(400, 404, 429, 502, 503),
  },
});

/** The chain's shared market data, through its market object (at most one RPC read per TTL for everyone). */
export async function sharedAaveMarket(env: Env, chainId: number) {
  return unwrapOutcome(await marketObjectFor(env.MARKET, chainId).aaveMarket(chainId));
}

export function registerProtocolRoutes(app: App): void {
  app.openapi(aavePositions, async (c) => {
    const query = c.req.valid("query");
    const config = loadConfig(c.env);
    const chain = servedChain(config, query.chain_id);
    const aave = chain.aave;
    if (!aave) throw new NotFoundError(`Aave market on chain ${chain.chainId}`);
    const market = await sharedAaveMarket(c.env, chain.chainId);
    const { user, account } = unwrapOutcome(
      await captureUpstream("Reading the Aave positions", async () => {
        const user = await readAaveUser({
          client: publicClientFor(config, chain.chainId),
          chainId: chain.chainId,
          market: aave,
          user: query.user_address,
        });
        return { user, account: formatAaveAccount({ market: market.value, user, pool: aave.pool }) };
      }),
    );
    const asOf = {
      chainId: chain.chainId,
      blockNumber: user.blockNumber.toString(),
      blockTimestamp: Number(user.blockTimestamp),
    };
    return c.json(
      { account, asOf, cache: { market: { hit: market.hit, ageSeconds: market.ageSeconds } } },
      200,
    );
  });

  app.openapi(aaveApy, async (c) => {
    const query = c.req.valid("query");
    const chain = servedChain(loadConfig(c.env), query.chain_id);
    if (!chain.aave) throw new NotFoundError(`Aave market on chain ${chain.chainId}`);
    const market = await sharedAaveMarket(c.env, chain.chainId);
    const reserve = formatReserveMarket(market.value, query.asset);
    if (!reserve) throw new NotFoundError(`Asset ${query.asset} on chain ${chain.chainId}`);
    return c.json(reserve, 200);
  });

  app.openapi(eigenLayerPositions, async (c) => {
    const query = c.req.valid("query");
    const config = loadConfig(c.env);
    const chain = servedChain(config, query.chain_id);
    const eigenLayer = chain.eigenLayer;
    if (!eigenLayer) throw new NotFoundError(`EigenLayer on chain ${chain.chainId}`);
    const client = publicClientFor(config, chain.chainId);
    const [market, deposits, block] = await Promise.all([
      chain.aave ? sharedAaveMarket(c.env, chain.chainId) : null,
      captureUpstream("Reading the EigenLayer deposits", () =>
        readEigenLayerDeposits({ client, eigenLayer, user: query.user_address }),
      ).then(unwrapOutcome),
      captureUpstream("Reading the block", () => client.getBlock()).then(unwrapOutcome),
    ]);
    const account = formatEigenLayerAccount({
      chainId: chain.chainId,
      eigenLayer,
      deposits,
      tokens: chain.tokens,
      market: market?.value ?? null,
    });
    const asOf = {
      chainId: chain.chainId,
      blockNumber: block.number.toString(),
      blockTimestamp: Number(block.timestamp),
    };
    return c.json({ account, asOf }, 200);
  });
}
