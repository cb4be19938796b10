import { createRoute } from "@hono/zod-openapi";
import { getAddress, TransactionNotFoundError, TransactionReceiptNotFoundError } from "viem";
import {
  type ChainTransaction,
  chainTransactionParamsSchema,
  chainTransactionSchema,
} from "../../../shared/schemas/chainTransaction";
import { publicClientFor } from "../../chain/client";
import { servedChain } from "../../chain/servedChains";
import { captureUpstream, unwrapOutcome } from "../../chain/upstreamOutcome";
import { loadConfig } from "../../config";
import { rateLimitPerUser, requireAuth } from "../middleware";
import { type App, bearer, errorResponses, jsonContent } from "../openapi";

const read = createRoute({
  method: "get",
  path: "/chains/{chainId}/transactions/{hash}",
  tags: ["chains"],
  security: bearer,
  middleware: [requireAuth, rateLimitPerUser("transaction_lookup")],
  summary:
    "One transaction and its receipt as Vigil's own node sees them (the approval page checks a wallet's hash with it)",
  request: { params: chainTransactionParamsSchema },
  responses: {
    200: jsonContent(
      chainTransactionSchema,
      "The transaction (null if unknown) and receipt (null until mined)",
    ),
    ...errorResponses(400, 401, 404, 429, 502, 503),
  },
});

/** A lookup that found nothing is an answer (null), not an upstream fault. */
const orNull = <T>(promise: Promise<T>) =>
  promise.catch((error: unknown) => {
    if (error instanceof TransactionNotFoundError || error instanceof TransactionReceiptNotFoundError)
      return null;
    throw error;
  });

/**
 * A wallet reached through a web page can answer eth_sendTransaction with any hash; the extension believes one
 * only once the API's node has it, from the user, doing exactly the step (extension/lib/wallet/stepOnChain.ts).
 */
export function registerChainTransactionRoutes(app: App): void {
  app.openapi(read, async (c) => {
    const { chainId, hash } = c.req.valid("param");
    const config = loadConfig(c.env);
    const chain = servedChain(config, chainId);
    const client = publicClientFor(config, chain.chainId);
    const [transaction, receipt] = unwrapOutcome(
      await captureUpstream("Reading the transaction", () =>
        Promise.all([
          orNull(client.getTransaction({ hash })),
          orNull(client.getTransactionReceipt({ hash })),
        ]),
      ),
    );
    const body: ChainTransaction = {
      chainId: chain.chainId,
      hash,
      transaction: transaction && {
        chainId: transaction.chainId ?? null,
        from: getAddress(transaction.from),
        to: transaction.to ? getAddress(transaction.to) : null,
        input: transaction.input,
        value: transaction.value.toString(),
        nonce: transaction.nonce,
        blockNumber: transaction.blockNumber === null ? null : transaction.blockNumber.toString(),
      },
      receipt: receipt && { status: receipt.status, blockNumber: receipt.blockNumber.toString() },
    };
    return c.json(body, 200);
  });
}
