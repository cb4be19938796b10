import { z } from "zod";
import { RpcMalformedResultError } from "./rpcErrors";

// The shape of each JSON-RPC result the worker relies on, checked before viem decodes it: an answer that does
// not fit is a failure of that RPC, never data. Methods not listed pass through (viem still decodes them).

const quantity = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, "a hex quantity");
const data = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "hex bytes");
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hash");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "a 20-byte address");

const block = z
  .looseObject({
    number: quantity.nullable(),
    hash: hash.nullable(),
    timestamp: quantity,
    baseFeePerGas: quantity.nullish(),
  })
  .nullable();
const receipt = z
  .looseObject({
    transactionHash: hash,
    blockNumber: quantity,
    blockHash: hash,
    // 1 success, 0 reverted (EIP-658): anything else is neither, and must not read as "not reverted".
    status: z.enum(["0x0", "0x1"], "0x1 (success) or 0x0 (reverted)"),
  })
  .nullable();

const transaction = z
  .looseObject({
    hash,
    from: address,
    to: address.nullish(),
    input: data,
    value: quantity,
    nonce: quantity,
    blockNumber: quantity.nullish(),
    chainId: quantity.optional(),
  })
  .nullable();

const resultSchemas: Record<string, z.ZodType> = {
  eth_chainId: quantity,
  eth_blockNumber: quantity,
  eth_gasPrice: quantity,
  eth_maxPriorityFeePerGas: quantity,
  eth_getBalance: quantity,
  eth_getTransactionCount: quantity,
  eth_estimateGas: quantity,
  eth_call: data,
  eth_getCode: data,
  eth_getStorageAt: data,
  eth_getBlockByNumber: block,
  eth_getBlockByHash: block,
  eth_getTransactionByHash: transaction,
  eth_getTransactionReceipt: receipt,
  eth_feeHistory: z.looseObject({ oldestBlock: quantity, baseFeePerGas: z.array(quantity) }),
  eth_getLogs: z.array(
    z.looseObject({
      address: z.string(),
      topics: z.array(hash),
      data,
      blockNumber: quantity.nullable(),
      transactionHash: hash.nullable(),
      logIndex: quantity.nullable(),
    }),
  ),
  eth_simulateV1: z.array(
    z.looseObject({ calls: z.array(z.looseObject({ status: quantity, gasUsed: quantity })) }),
  ),
};

/** Lookups by hash whose answer names the hash it is for, under this field: any other hash is another answer. */
const answersForHash: Record<string, string> = {
  eth_getTransactionByHash: "hash",
  eth_getTransactionReceipt: "transactionHash",
};

/** Throws RpcMalformedResultError when `result` is not what `method` answers (for `params`, when given). */
export function checkRpcResult(method: string, result: unknown, params?: unknown): void {
  const schema = resultSchemas[method];
  if (!schema) return;
  const checked = schema.safeParse(result);
  if (!checked.success) {
    const problem = checked.error.issues
      .map((issue) => `${issue.path.join(".") || "result"}: ${issue.message}`)
      .join("; ");
    throw new RpcMalformedResultError({
      method,
      problem: `${problem} (got ${JSON.stringify(result)?.slice(0, 80)})`,
    });
  }
  if (method === "eth_simulateV1") checkSimulatedCalls(result, params);
  // Every node has a newest block: "none" is not an answer (viem would call it a missing block, a bug of ours).
  if (method === "eth_getBlockByNumber" && result === null && Array.isArray(params) && params[0] === "latest")
    throw new RpcMalformedResultError({ method, problem: "no latest block" });
  const field = answersForHash[method];
  const asked = Array.isArray(params) ? params[0] : undefined;
  if (field && typeof asked === "string" && result !== null && typeof result === "object") {
    const answered = (result as Record<string, unknown>)[field];
    if (typeof answered === "string" && answered.toLowerCase() !== asked.toLowerCase()) {
      throw new RpcMalformedResultError({
        method,
        problem: `${field}: asked for ${asked}, answered for ${answered}`,
      });
    }
  }
}

/** eth_simulateV1 answers one block per block asked, each with one result per call asked (else it did not run them). */
function checkSimulatedCalls(result: unknown, params: unknown): void {
  const asked = Array.isArray(params) ? (params[0] as { blockStateCalls?: unknown } | undefined) : undefined;
  const blocks = asked?.blockStateCalls;
  if (!Array.isArray(blocks) || !Array.isArray(result)) return;
  const counts = (list: unknown[]) =>
    list.map((block) => {
      const calls = (block as { calls?: unknown } | null)?.calls;
      return Array.isArray(calls) ? calls.length : 0;
    });
  const expected = counts(blocks);
  const actual = counts(result);
  if (expected.join() !== actual.join()) {
    throw new RpcMalformedResultError({
      method: "eth_simulateV1",
      problem: `asked for calls per block [${expected.join(", ")}], answered [${actual.join(", ")}]`,
    });
  }
}
