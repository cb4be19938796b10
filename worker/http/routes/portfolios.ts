import { createRoute, z } from "@hono/zod-openapi";
import {
  portfolioHistoryQuerySchema,
  portfolioHistorySchema,
  portfolioSchema,
} from "../../../shared/schemas/portfolio";
import { unwrapOutcome } from "../../chain/upstreamOutcome";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";
import { userObject } from "./userStub";

const tags = ["portfolios"];
const security = bearer;
const middleware = [requireAuth];

const get = createRoute({
  method: "get",
  path: "/portfolios",
  tags,
  security,
  middleware,
  summary: "Your complete portfolio over every served chain: positions, APYs, HF, liquidation prices, risk",
  responses: {
    200: jsonContent(
      portfolioSchema,
      "The portfolio, with the blocks it was read at and what came from cache",
    ),
    ...errorResponses(401, 502, 503),
  },
});

const refresh = createRoute({
  method: "post",
  path: "/portfolios/refresh",
  tags,
  security,
  middleware: [requireAuth, rateLimitPerUser("portfolio_refresh")],
  summary:
    "Forget your cached positions (call after a transaction confirms); the next read goes to the chain",
  responses: {
    200: jsonContent(z.object({ invalidated: z.literal(true) }), "Invalidated"),
    ...errorResponses(401, 429),
  },
});

const history = createRoute({
  method: "get",
  path: "/portfolios/history",
  tags,
  security,
  middleware,
  summary: "History points for the charts: value, debt, health factor and risk",
  request: { query: portfolioHistoryQuerySchema },
  responses: {
    200: jsonContent(portfolioHistorySchema, "Points, oldest first"),
    ...errorResponses(400, 401),
  },
});

export function registerPortfolioRoutes(app: App): void {
  app.openapi(get, async (c) => {
    const portfolio = unwrapOutcome(await userObject(c).getPortfolio(c.get("session").user.address));
    return c.json(portfolio, 200);
  });

  app.openapi(refresh, async (c) => {
    await userObject(c).refreshPortfolio();
    return c.json({ invalidated: true as const }, 200);
  });

  app.openapi(history, async (c) => {
    return c.json(await userObject(c).portfolioHistory(c.req.valid("query").range), 200);
  });
}
