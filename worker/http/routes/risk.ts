import { createRoute } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import { riskForecastRequestSchema, riskForecastSchema } from "../../../shared/schemas/risk";
import { servedChains } from "../../chain/servedChains";
import { loadConfig } from "../../config";
import { marketObjectFor } from "../../defi/market/marketObject";
import type { AppEnv } from "../appEnv";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, createApp, errorResponses, jsonBody, jsonContent } from "../openapi";

export interface RiskRouteOptions {
  /** Defaults to [requireAuth, per-user limit]: forecasts cost CPU, so only signed-in users get them, and few. */
  middleware?: MiddlewareHandler<AppEnv>[];
  /**
   * Recent prices per feed for the forecast. Defaults to the oracle history of the first served chain's market
   * object, the one every other forecast reads (ETH, stETH, BTC and LINK in USD are one market on every chain).
   */
  priceHistory?: (c: Context<AppEnv>) => Promise<PriceHistory>;
}

const forecastRoute = (middleware: MiddlewareHandler<AppEnv>[]) =>
  createRoute({
    method: "post",
    path: "/risk/forecast",
    tags: ["risk"],
    security: bearer,
    middleware,
    summary: "Chance that an Aave position, left untouched, becomes liquidatable within 24 h or 7 d",
    request: { body: jsonBody(riskForecastRequestSchema) },
    responses: {
      200: jsonContent(riskForecastSchema, "The calibrated probability, its band and the main drivers"),
      ...errorResponses(400, 401, 413, 415, 429),
    },
  });

/** The first served chain's oracle history (its market object's); none when the chain has no Aave market. */
async function servedChainHistory(c: Context<AppEnv>): Promise<PriceHistory> {
  const chain = servedChains(loadConfig(c.env)).find((served) => served.aave);
  if (!chain) return {};
  return marketObjectFor(c.env.MARKET, chain.chainId).priceHistory(chain.chainId);
}

/** Registers POST /risk/forecast on the API app (the integrator calls this like the other registrars). */
export function registerRiskRoutes(app: App, options: RiskRouteOptions = {}): void {
  const middleware = options.middleware ?? [requireAuth, rateLimitPerUser("forecast")];
  app.openapi(forecastRoute(middleware), async (c) => {
    const body = c.req.valid("json");
    // Loaded lazily: the rest of the API never pays for the model.
    const { forecastRisk, positionFromPortfolio } = await import("../../risk");
    const forecast = await forecastRisk({
      position: positionFromPortfolio(body.positions),
      healthFactor: body.health_factor,
      horizon: body.horizon,
      history: await (options.priceHistory ?? servedChainHistory)(c),
    });
    return c.json(forecast, 200);
  });
}

/** The same route as a stand-alone sub-app (for mounting with app.route("/", riskApp())). */
export function riskApp(options: RiskRouteOptions = {}): App {
  const app = createApp();
  registerRiskRoutes(app, options);
  return app;
}
