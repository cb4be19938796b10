import { createRoute, z } from "@hono/zod-openapi";
import { addressSchema } from "../../../shared/schemas/common";
import {
  portfolioHistoryQuerySchema,
  portfolioHistorySchema,
  portfolioSchema,
} from "../../../shared/schemas/portfolio";
import { unwrapOutcome } from "../../chain/upstreamOutcome";
import { NotFoundError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";
import { userObject, watchObject } from "./userStub";

const tags = ["portfolios"];
const security = bearer;
const middleware = [requireAuth];

const get = createRoute({
  method: "get",
  path: "/portfolios",
  tags,
  security,
  middleware,
  summary: "Your portfolio over every served chain: positions, APYs, HF, liquidation prices, risk",
  description:
    "One chain down is one chain down: the answer holds the chains that were read, `chains` says for each served " +
    "chain whether it is ok or unavailable (since when, when it is retried, the age of its last good data, which " +
    "`stale` holds apart). 503 with Retry-After only when every chain failed. With `account`: the portfolio of an " +
    "account you watch (GET /me/watched), read the same way; 404 for any account you do not watch.",
  request: {
    query: z.object({
      account: addressSchema.optional().describe("an account you watch; absent: your signed-in wallet"),
    }),
  },
  responses: {
    200: jsonContent(
      portfolioSchema,
      "The portfolio, with the blocks it was read at and what came from cache",
    ),
    ...errorResponses(400, 401, 404, 502, 503),
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
    const { account } = c.req.valid("query");
    if (account !== undefined && account !== c.get("session").user.address) {
      // Never an arbitrary address through someone's session: only one on the caller's own watch list.
      if (!(await userObject(c).getWatched(account))) throw new NotFoundError("Watched account");
      return c.json(unwrapOutcome(await watchObject(c, account).getPortfolio(account)), 200);
    }
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
