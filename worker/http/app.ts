import { cors } from "hono/cors";
import { loadConfig, originMatches } from "../config";
import { NotFoundError, respondWithError } from "./errors";
import { documentJsonContentType, limitBody, requestContext, requireJsonContentType } from "./middleware";
import { type App, createApp } from "./openapi";
import { registerAccountRoutes } from "./routes/account";
import { registerAuthRoutes } from "./routes/auth";
import { registerBacktestRoutes } from "./routes/backtest";
import { registerChainTransactionRoutes } from "./routes/chainTransactions";
import { registerHealthRoutes } from "./routes/health";
import { registerPortfolioRoutes } from "./routes/portfolios";
import { registerProtocolRoutes } from "./routes/protocols";
import { registerRescueRoutes } from "./routes/rescue";
import { registerRiskRoutes } from "./routes/risk";
import { registerRuleRoutes } from "./routes/rules";
import { registerSettingsRoutes } from "./routes/settings";
import { registerTransactionRoutes } from "./routes/transactions";
import { registerWatchedRoutes } from "./routes/watched";
import { registerWsRoutes } from "./routes/ws";

export const API_INFO = {
  title: "Vigil API",
  version: "0.1.0",
  description:
    "Sign in with Ethereum (GET /auth/nonce, then POST /auth/wallet), then send `Authorization: Bearer <token>`. " +
    "Every error is `{ error: { code, message, details? } }`.",
};

/** Route groups other areas plug in (e.g. portfolios, risk) register through the same signature. */
export type RouteRegistrar = (app: App) => void;

export function buildApp(extraRoutes: readonly RouteRegistrar[] = []): App {
  const app = createApp();
  app.use("*", requestContext);
  // Extension pages call from their chrome-extension:// origin; tokens travel in a header, never cookies.
  app.use(
    "*",
    cors({
      origin: (origin, c) => {
        const [scheme = "", authority = ""] = origin.split("://");
        const allowed = loadConfig(c.env).allowedOrigins.some((o) => originMatches(o, scheme, authority));
        return allowed ? origin : null;
      },
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
      exposeHeaders: ["Retry-After", "X-Request-Id"],
    }),
  );
  app.use("*", limitBody);
  app.use("*", requireJsonContentType(app));
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });

  registerHealthRoutes(app);
  registerAuthRoutes(app);
  registerBacktestRoutes(app);
  registerAccountRoutes(app);
  registerRuleRoutes(app);
  registerRescueRoutes(app);
  registerTransactionRoutes(app);
  registerChainTransactionRoutes(app);
  registerProtocolRoutes(app);
  registerPortfolioRoutes(app);
  registerRiskRoutes(app);
  registerSettingsRoutes(app);
  registerWatchedRoutes(app);
  registerWsRoutes(app);
  for (const register of extraRoutes) register(app);

  documentJsonContentType(app);
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: API_INFO,
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.notFound((c) => respondWithError(c, new NotFoundError(`Route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => respondWithError(c, error));
  return app;
}
