import { createRoute } from "@hono/zod-openapi";
import { findToken } from "../../../shared/chains";
import { errorBodySchema } from "../../../shared/schemas/errors";
import { type RescueRequest, rescueRequestSchema } from "../../../shared/schemas/rescue";
import { transactionSchema } from "../../../shared/schemas/transactions";
import { servedChains } from "../../chain/servedChains";
import { unwrapOutcome } from "../../chain/upstreamOutcome";
import { type Config, loadConfig } from "../../config";
import type { RescueResult } from "../../user/capabilities/automation";
import { UnprocessableError, ValidationError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { userObject } from "./userStub";

const rescue = createRoute({
  method: "post",
  path: "/transactions/rescue",
  tags: ["transactions"],
  security: bearer,
  // It simulates on the chain: counted with the user's simulations.
  middleware: [requireAuth, rateLimitPerUser("simulate")],
  summary:
    "Propose the way out of a risky position: repay debt or supply collateral from the wallet, sized so the " +
    "health factor reaches `targetHealthFactor`, built, checked and simulated like a rule's proposal and left " +
    "pending approval (no rule: `ruleId` is null). While that proposal is open, the same chain, action and " +
    "asset return it (200) instead of a new one (201)",
  request: { body: jsonBody(rescueRequestSchema) },
  responses: {
    200: jsonContent(transactionSchema, "The rescue proposal already open for this chain, action and asset"),
    201: jsonContent(transactionSchema, "The new rescue proposal, pending approval"),
    ...errorResponses(400, 401, 413, 415, 429, 502, 503),
    422: {
      description:
        "The rescue is impossible as asked (no such debt, nothing in the wallet, not enough to reach the target, " +
        "the asset does not count as collateral…); `error.message` says what is missing",
      content: { "application/json": { schema: errorBodySchema } },
    },
  },
});

/** The chain must be served and have an Aave market, and the asset must be one of its tokens. */
function checkServed(request: RescueRequest, config: Config): void {
  const chain = servedChains(config).find((c) => c.chainId === request.chainId);
  const problem = !chain?.aave
    ? {
        path: "chainId",
        message: `chain ${request.chainId} is not served here (served: ${config.chainIds.join(", ")})`,
      }
    : !findToken(chain, request.asset)
      ? {
          path: "asset",
          message: `${request.asset} is not an asset on chain ${chain.chainId} (known: ${chain.tokens.map((t) => t.symbol).join(", ")})`,
        }
      : null;
  if (problem)
    throw new ValidationError(`Invalid body: ${problem.path}: ${problem.message}.`, [
      { location: "body", ...problem },
    ]);
}

function unwrap(result: RescueResult) {
  if (result.ok) return result;
  if (result.reason === "upstream") return unwrapOutcome<never>({ ok: false, failure: result.failure });
  throw new UnprocessableError(result.message, result.data ? { data: result.data } : {});
}

export function registerRescueRoutes(app: App): void {
  app.openapi(rescue, async (c) => {
    const request = c.req.valid("json");
    checkServed(request, loadConfig(c.env));
    const result = unwrap(await userObject(c).proposeRescue(request, c.get("session").user.address));
    return c.json(result.transaction, result.created ? 201 : 200);
  });
}
