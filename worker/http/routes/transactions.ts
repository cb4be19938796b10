import { createRoute } from "@hono/zod-openapi";
import { idParamsSchema } from "../../../shared/schemas/common";
import { errorBodySchema } from "../../../shared/schemas/errors";
import {
  transactionListQuerySchema,
  transactionListSchema,
  transactionSchema,
  transactionSubmittedSchema,
  transactionWalletRejectedSchema,
} from "../../../shared/schemas/transactions";
import { unwrapOutcome } from "../../chain/upstreamOutcome";
import type { LifecycleResult } from "../../user/capabilities/automation";
import { ConflictError, NotFoundError } from "../errors";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonBody, jsonContent } from "../openapi";
import { userObject } from "./userStub";

const tags = ["transactions"];
const middleware = [requireAuth];
const conflict = {
  409: {
    description:
      "The transaction's status does not allow this (e.g. approving a rejected one), or the reported hashes are not " +
      "the proposal's steps; `error.message` says why, `error.details.reason` names it (invalid_transition, " +
      "hash_count, duplicate_hash, hash_reused, transaction_mismatch, step_not_sent, …) and `error.details.steps` lists what " +
      "differs per step.",
    content: { "application/json": { schema: errorBodySchema } },
  },
};

const list = createRoute({
  method: "get",
  path: "/transactions",
  tags,
  security: bearer,
  middleware,
  summary: "The user's transaction proposals, newest first (filters: status, ruleId, limit)",
  request: { query: transactionListQuerySchema },
  responses: { 200: jsonContent(transactionListSchema, "Transactions"), ...errorResponses(400, 401) },
});

const get = createRoute({
  method: "get",
  path: "/transactions/{id}",
  tags,
  security: bearer,
  middleware,
  summary: "One transaction proposal with its steps, preview and status",
  request: { params: idParamsSchema },
  responses: { 200: jsonContent(transactionSchema, "The transaction"), ...errorResponses(400, 401, 404) },
});

const lifecycle = (action: "approve" | "reject" | "simulate", summary: string) =>
  createRoute({
    method: "post",
    path: `/transactions/{id}/${action}`,
    tags,
    security: bearer,
    // A simulation is an eth_simulateV1 call on the chain: limited per user.
    middleware: action === "simulate" ? [requireAuth, rateLimitPerUser("simulate")] : middleware,
    summary,
    request: { params: idParamsSchema },
    responses: {
      200: jsonContent(transactionSchema, "The transaction after the change"),
      ...errorResponses(400, 401, 404, ...(action === "simulate" ? ([429] as const) : []), 502, 503),
      ...conflict,
    },
  });

const submitted = createRoute({
  method: "post",
  path: "/transactions/{id}/submitted",
  tags,
  security: bearer,
  middleware,
  summary:
    "Report the hashes the wallet returned, exactly one per step in order. Each transaction the chain already " +
    "knows must be that step's call (chain, from = you, to, input, value), else 409; the receipt watcher matches " +
    "all of them again before the proposal is confirmed",
  request: { params: idParamsSchema, body: jsonBody(transactionSubmittedSchema) },
  responses: {
    200: jsonContent(transactionSchema, "The submitted transaction"),
    ...errorResponses(400, 401, 404, 413, 415, 502, 503),
    ...conflict,
  },
});

const walletRejected = createRoute({
  method: "post",
  path: "/transactions/{id}/wallet-rejected",
  tags,
  security: bearer,
  middleware,
  summary:
    "Report that the wallet declined step `stepIndex` (EIP-1193 4001). A wallet's answer is a claim, so the " +
    "proposal stays approved and can be signed again until it expires (or is rejected with /reject); " +
    "`declinedStep` and `error` say what happened, and the user is notified once. `txHashes` are the steps before " +
    "it: each must be that step, sent by you and mined successfully (else 409 step_not_sent / " +
    "transaction_mismatch), and they are kept so that signing again continues after them",
  request: { params: idParamsSchema, body: jsonBody(transactionWalletRejectedSchema) },
  responses: {
    200: jsonContent(transactionSchema, "The transaction, still approved, with `declinedStep`"),
    ...errorResponses(400, 401, 404, 413, 415, 502, 503),
    ...conflict,
  },
});

function unwrap(result: LifecycleResult) {
  if (result.ok) return result.transaction;
  if (result.reason === "not_found") throw new NotFoundError("Transaction");
  if (result.reason === "upstream") return unwrapOutcome<never>({ ok: false, failure: result.failure });
  throw new ConflictError(`${result.message[0]?.toUpperCase()}${result.message.slice(1)}.`, {
    data: { ...result.data, reason: result.code },
  });
}

export function registerTransactionRoutes(app: App): void {
  app.openapi(list, async (c) =>
    c.json({ transactions: await userObject(c).listTransactions(c.req.valid("query")) }, 200),
  );

  app.openapi(get, async (c) => {
    const transaction = await userObject(c).getTransaction(c.req.valid("param").id);
    if (!transaction) throw new NotFoundError("Transaction");
    return c.json(transaction, 200);
  });

  app.openapi(lifecycle("approve", "Approve a pending proposal (the user is about to sign it)"), async (c) =>
    c.json(unwrap(await userObject(c).approveTransaction(c.req.valid("param").id)), 200),
  );

  app.openapi(lifecycle("reject", "Reject a proposal; the user is told it was cancelled"), async (c) =>
    c.json(unwrap(await userObject(c).rejectTransaction(c.req.valid("param").id)), 200),
  );

  app.openapi(
    lifecycle(
      "simulate",
      "Re-simulate the steps against the chain now; a stale (expired or reverting) one is refused",
    ),
    async (c) => c.json(unwrap(await userObject(c).simulateTransaction(c.req.valid("param").id)), 200),
  );

  app.openapi(submitted, async (c) => {
    const { txHashes } = c.req.valid("json");
    const user = c.get("session").user.address;
    return c.json(
      unwrap(await userObject(c).submitTransaction(c.req.valid("param").id, txHashes, user)),
      200,
    );
  });

  app.openapi(walletRejected, async (c) => {
    const { stepIndex, txHashes } = c.req.valid("json");
    const user = c.get("session").user.address;
    return c.json(
      unwrap(
        await userObject(c).walletRejectedTransaction(c.req.valid("param").id, stepIndex, txHashes, user),
      ),
      200,
    );
  });
}
