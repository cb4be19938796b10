import { createRoute } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { PriceHistory } from "../../../shared/risk/priceHistory";
import { riskForecastRequestSchema, riskForecastSchema } from "../../../shared/schemas/risk";
import { RPC_RETRY_AFTER_SECONDS } from "../../chain/client";
import { servedChains } from "../../chain/servedChains";
import { loadConfig } from "../../config";
import { marketObjectFor } from "../../defi/market/marketObject";
import type { AppEnv } from "../appEnv";
import { respondWithError, UpstreamUnavailableError, VigilError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, createApp, errorResponses, jsonBody, jsonContent } from "../openapi";

export interface RiskRouteOptions {
  /** Defaults to [requireAuth, per-user limit]: forecasts cost CPU, so only signed-in users get them, and few. */
  middleware?: MiddlewareHandler<AppEnv>[];
  /**
   * Recent prices per feed for the forecast, and the chain time of the market prices they must reach. Defaults to
   * the oracle history of the first served chain's market object, the one every other forecast reads (ETH, stETH,
   * BTC and LINK in USD are one market on every chain), and that market's block time.
   */
  prices?: (c: Context<AppEnv>) => Promise<ForecastPrices>;
}

export interface ForecastPrices {
  history: PriceHistory;
  /** Unix seconds: a history that ends well before it is named in the drivers. */
  pricesAt?: number;
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
      ...errorResponses(400, 401, 413, 415, 429, 503),
    },
  });

/** The first served chain's oracle history and its market's block time; none when no chain has an Aave market. */
async function servedChainPrices(c: Context<AppEnv>): Promise<ForecastPrices> {
  const chain = servedChains(loadConfig(c.env)).find((served) => served.aave);
  if (!chain) return { history: {} };
  const view = await marketObjectFor(c.env.MARKET, chain.chainId).marketView(chain.chainId);
  if (!view.history.ok) throw historyUnavailable();
  const market = view.market.ok ? view.market.value.value : null;
  return {
    history: view.history.value ?? {},
    ...(market ? { pricesAt: Number(market.blockTimestamp) } : {}),
  };
}

function historyUnavailable(cause?: unknown): UpstreamUnavailableError {
  return new UpstreamUnavailableError(
    "The price history could not be read just now; try again shortly.",
    RPC_RETRY_AFTER_SECONDS,
    cause === undefined ? {} : { cause },
  );
}

/** Registers POST /risk/forecast on the API app (the integrator calls this like the other registrars). */
export function registerRiskRoutes(app: App, options: RiskRouteOptions = {}): void {
  const middleware = options.middleware ?? [requireAuth, rateLimitPerUser("forecast")];
  app.openapi(forecastRoute(middleware), async (c) => {
    const body = c.req.valid("json");
    // Loaded lazily: the rest of the API never pays for the model.
    const { forecastRisk, positionFromPortfolio } = await import("../../risk");
    let prices: ForecastPrices;
    try {
      prices = await (options.prices ?? servedChainPrices)(c);
    } catch (error) {
      // Without the chain's history the number would be the prior's, not the one every other forecast gives.
      throw error instanceof VigilError ? error : historyUnavailable(error);
    }
    const forecast = await forecastRisk({
      position: positionFromPortfolio(body.positions),
      healthFactor: body.health_factor,
      horizon: body.horizon,
      ...prices,
    });
    return c.json(forecast, 200);
  });
}

/** The same route as a stand-alone sub-app (for mounting with app.route("/", riskApp())). */
export function riskApp(options: RiskRouteOptions = {}): App {
  const app = createApp();
  registerRiskRoutes(app, options);
  // Errors answer as on the API: the one error body, Retry-After on a 503.
  app.onError((error, c) => respondWithError(c, error));
  return app;
}
