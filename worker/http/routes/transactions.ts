import { createRoute } from "@hono/zod-openapi";
import { idParamsSchema } from "../../../shared/schemas/common";
import {
  transactionListQuerySchema,
  transactionListSchema,
  transactionSchema,
} from "../../../shared/schemas/transactions";
import { NotFoundError } from "../errors";
import { requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";
import { userObject } from "./user-stub";

const tags = ["transactions"];
const middleware = [requireAuth];

const list = createRoute({
  method: "get",
  path: "/transactions",
  tags,
  security: bearer,
  middleware,
  summary: "The user's transaction proposals, newest first",
  request: { query: transactionListQuerySchema },
  responses: { 200: jsonContent(transactionListSchema, "Transactions"), ...errorResponses(400, 401) },
});

const get = createRoute({
  method: "get",
  path: "/transactions/{id}",
  tags,
  security: bearer,
  middleware,
  summary: "One transaction proposal with its steps and status",
  request: { params: idParamsSchema },
  responses: { 200: jsonContent(transactionSchema, "The transaction"), ...errorResponses(400, 401, 404) },
});

export function registerTransactionRoutes(app: App): void {
  app.openapi(list, async (c) =>
    c.json({ transactions: await userObject(c).listTransactions(c.req.valid("query")) }, 200),
  );

  app.openapi(get, async (c) => {
    const transaction = await userObject(c).getTransaction(c.req.valid("param").id);
    if (!transaction) throw new NotFoundError("Transaction");
    return c.json(transaction, 200);
  });
}
