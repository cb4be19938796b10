import { env } from "cloudflare:workers";
import type { Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { faultControl } from "../../../devnet/faultProxy/control";
import type { ChainTransaction } from "../../../shared/schemas/chainTransaction";
import type { ErrorBody } from "../../../shared/schemas/errors";
import { send } from "../../test/automation";
import { chain } from "../../test/devnet";
import { anvilAccount, call, errorOf, signIn } from "../../test/helpers";
import { buildApp } from "../app";

let token = "";
beforeAll(async () => {
  token = (await signIn(privateKeyToAccount(generatePrivateKey()))).token;
});

describe("GET /chains/{chainId}/transactions/{hash}", () => {
  it("returns a mined transaction and its receipt as the API's node sees them", async () => {
    const to = anvilAccount(3).address;
    const hash = await send(4, to, "0x1234");
    const response = await call(`/chains/31337/transactions/${hash}`, { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ChainTransaction;
    expect(body).toMatchObject({
      chainId: 31337,
      hash,
      transaction: { chainId: 31337, from: anvilAccount(4).address, to, input: "0x1234", value: "0" },
      receipt: { status: "success" },
    });
    expect(body.transaction?.blockNumber).toBe(body.receipt?.blockNumber);
    expect(body.transaction?.nonce).toBeGreaterThanOrEqual(0);
  });

  it("answers null for a hash the node does not know", async () => {
    const hash = `0x${"ab".repeat(32)}`;
    const response = await call(`/chains/31337/transactions/${hash}`, { token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ chainId: 31337, hash, transaction: null, receipt: null });
  });

  it("needs a session, a 32-byte hash and a served chain", async () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect((await call(`/chains/31337/transactions/${hash}`)).status).toBe(401);
    const bad = await call("/chains/31337/transactions/0x1234", { token });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("validation_failed");
    expect((await call(`/chains/1/transactions/${hash}`, { token })).status).toBe(404);
  });
});

describe("GET /chains/{chainId}/transactions/{hash} when the node answers wrongly", () => {
  const faults = faultControl(inject("faultControlUrl"));
  afterEach(async () => {
    await faults.clear();
    vi.restoreAllMocks();
  });

  /** The route as deployed, its chain's RPC behind the fault proxy on a path of its own. */
  async function readThrough(hash: Hex, method: string, result: unknown): Promise<Response> {
    const path = `/tx-garbage-${crypto.randomUUID()}`;
    await faults.set([{ path, method, fault: { kind: "garbageResult", result: result as never } }]);
    const rpc = { RPC_URL_31337: `${inject("faultyRpcUrl")}${path}`, RPC_TIMEOUT_MS_31337: "2000" };
    return buildApp().request(
      `/chains/31337/transactions/${hash}`,
      { headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": "10.255.0.2" } },
      { ...env, ...rpc },
    );
  }

  it("a transaction answered as garbage or as another hash's transaction is a 502, never a 500 or that data", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const hash = await send(4, anvilAccount(3).address, "0x1234");
    const other = await send(5, anvilAccount(3).address, "0x5678");
    const otherTransaction = await chain.request({ method: "eth_getTransactionByHash", params: [other] });
    const otherReceipt = await chain.request({ method: "eth_getTransactionReceipt", params: [other] });
    const answers: [string, unknown][] = [
      ["eth_getTransactionByHash", "0xnothex"],
      ["eth_getTransactionByHash", {}],
      ["eth_getTransactionByHash", { ...otherTransaction, from: "0xzz" }],
      ["eth_getTransactionByHash", { ...otherTransaction, value: -1 }],
      ["eth_getTransactionByHash", otherTransaction],
      ["eth_getTransactionReceipt", otherReceipt],
    ];
    for (const [method, result] of answers) {
      const response = await readThrough(hash, method, result);
      const label = `${method} answered ${JSON.stringify(result).slice(0, 60)}`;
      expect(response.status, label).toBe(502);
      expect(response.headers.get("Retry-After"), label).toBe("5");
      const body = (await response.json()) as ErrorBody;
      expect(body.error, label).toMatchObject({
        code: "upstream_error",
        message: "Reading the transaction: the chain's RPC answered with garbage.",
      });
    }
  });
});
