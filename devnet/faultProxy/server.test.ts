import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AnvilProcess, startAnvil } from "../anvil";
import { findFreePort, TEST_PORT_RANGE } from "../ports";
import { type FaultControl, faultControl } from "./control";
import { type FaultProxy, startFaultProxy } from "./server";

// Each rule against a real anvil: the proxy produces exactly its fault and nothing else, and with no rules it
// answers exactly what anvil answers.

const SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const RECIPIENT = "0x70997970c51812dc3a010c7d01b38e0d4be7e3c8";

let anvil: AnvilProcess;
let proxy: FaultProxy;
let faults: FaultControl;

beforeAll(async () => {
  anvil = await startAnvil({ port: await findFreePort(TEST_PORT_RANGE) });
  proxy = await startFaultProxy({ target: anvil.rpcUrl });
  faults = faultControl(proxy.controlUrl);
});
afterAll(async () => {
  await proxy?.stop();
  await anvil?.stop();
});
afterEach(() => faults.clear());

interface RpcAnswer {
  jsonrpc: string;
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}

const call = (method: string, params: unknown[] = [], id = 1) => ({ jsonrpc: "2.0", id, method, params });

async function post(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

async function rpc(url: string, body: unknown): Promise<RpcAnswer | RpcAnswer[]> {
  const response = await post(url, body);
  expect(response.status).toBe(200);
  return (await response.json()) as RpcAnswer | RpcAnswer[];
}

async function result(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const answer = (await rpc(url, call(method, params))) as RpcAnswer;
  return answer.result;
}

const mine = (blocks = 1) => result(anvil.rpcUrl, "anvil_mine", [blocks]);

describe("fault proxy without rules", () => {
  it("answers exactly what anvil answers: results, errors, batches, unknown methods", async () => {
    const requests = [
      call("eth_chainId"),
      call("eth_blockNumber"),
      call("eth_getBalance", [SENDER, "latest"]),
      call("eth_getBlockByNumber", ["0x0", false]),
      call("eth_call", [{ to: RECIPIENT, data: "0x12345678" }, "latest"]),
      call("no_suchMethod"),
      [call("eth_chainId", [], 7), call("eth_getBalance", [RECIPIENT, "latest"], 8)],
    ];
    for (const request of requests) {
      expect(await rpc(proxy.url, request)).toEqual(await rpc(anvil.rpcUrl, request));
    }
    expect(((await rpc(proxy.url, call("no_suchMethod"))) as RpcAnswer).error?.code).toBe(-32601);
    expect(await faults.stats()).toMatchObject({
      requests: requests.length + 1,
      methods: { eth_chainId: 2, no_suchMethod: 2, eth_getBalance: 2 },
      faults: {},
    });
  });
});

describe("fault proxy rules", () => {
  it("drop/reset: the connection is cut without an answer; other methods still pass", async () => {
    await faults.set([{ method: "eth_blockNumber", fault: { kind: "drop" } }]);
    await expect(post(proxy.url, call("eth_blockNumber"))).rejects.toThrow(/fetch failed/);
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
    expect((await faults.stats()).faults).toEqual({ drop: 1 });
  });

  it("drop/hang: the request never gets an answer (the client gives up)", async () => {
    await faults.set([{ method: "eth_blockNumber", fault: { kind: "drop", mode: "hang" } }]);
    await expect(post(proxy.url, call("eth_blockNumber"), AbortSignal.timeout(300))).rejects.toMatchObject({
      name: "TimeoutError",
    });
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
  });

  it("delay: the answer comes, unchanged, no earlier than the delay", async () => {
    await faults.set([{ method: "eth_chainId", fault: { kind: "delay", ms: 400 } }]);
    const started = performance.now();
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect((await faults.stats()).faults).toEqual({ delay: 1 });
  });

  it("httpError: the status and body are the rule's, no JSON-RPC", async () => {
    await faults.set([{ fault: { kind: "httpError", status: 503, body: "maintenance" } }]);
    const response = await post(proxy.url, call("eth_chainId"));
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("maintenance");
  });

  it("malformedJson: 200 application/json that does not parse", async () => {
    await faults.set([{ method: "eth_getBalance", fault: { kind: "malformedJson" } }]);
    const response = await post(proxy.url, call("eth_getBalance", [SENDER, "latest"]));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it("wrongChainId: eth_chainId lies, everything else is the real chain", async () => {
    await faults.set([{ fault: { kind: "wrongChainId", chainId: 1 } }]);
    expect(await result(proxy.url, "eth_chainId")).toBe("0x1");
    expect(await result(proxy.url, "eth_blockNumber")).toBe(await result(anvil.rpcUrl, "eth_blockNumber"));
    expect(await result(anvil.rpcUrl, "eth_chainId")).toBe("0x7a69");
  });

  it("staleBlock: eth_blockNumber stays put while the chain (and every other read) moves on", async () => {
    await faults.set([{ fault: { kind: "staleBlock", blockNumber: 1 } }]);
    await mine(3);
    const head = (await result(proxy.url, "eth_getBlockByNumber", ["latest", false])) as { number: string };
    expect(Number(head.number)).toBeGreaterThanOrEqual(3);
    expect(head.number).toBe(await result(anvil.rpcUrl, "eth_blockNumber"));
    expect(await result(proxy.url, "eth_blockNumber")).toBe("0x1");
  });

  it("garbageResult: well-formed JSON-RPC carrying the rule's result", async () => {
    await faults.set([{ method: "eth_call", fault: { kind: "garbageResult", result: "0xnothex" } }]);
    const answer = (await rpc(
      proxy.url,
      call("eth_call", [{ to: RECIPIENT, data: "0x" }, "latest"], 42),
    )) as RpcAnswer;
    expect(answer).toEqual({ jsonrpc: "2.0", id: 42, result: "0xnothex" });
  });

  it("times: the fault hits the first N matching calls, then the proxy is transparent again", async () => {
    await faults.set([{ method: "eth_chainId", times: 2, fault: { kind: "httpError", status: 502 } }]);
    expect((await post(proxy.url, call("eth_chainId"))).status).toBe(502);
    expect((await post(proxy.url, call("eth_chainId"))).status).toBe(502);
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
    expect((await faults.stats()).faults).toEqual({ httpError: 2 });
  });

  it("firstParam: a rule scoped to one call's first parameter (one hash) leaves the others alone", async () => {
    const [a, b] = [`0x${"aa".repeat(32)}`, `0x${"bb".repeat(32)}`];
    await faults.set([
      {
        method: "eth_getTransactionReceipt",
        firstParam: a.toUpperCase().replace("0X", "0x"),
        fault: { kind: "garbageResult", result: "hit" },
      },
    ]);
    expect(await result(proxy.url, "eth_getTransactionReceipt", [a])).toBe("hit");
    expect(await result(proxy.url, "eth_getTransactionReceipt", [b])).toBeNull();
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
  });

  it("path: a rule scoped to one path leaves the others alone (one proxy, several RPC URLs)", async () => {
    await faults.set([{ path: "/dead", fault: { kind: "httpError", status: 500 } }]);
    expect((await post(`${proxy.url}/dead`, call("eth_chainId"))).status).toBe(500);
    expect(await result(`${proxy.url}/alive`, "eth_chainId")).toBe("0x7a69");
    expect(await result(proxy.url, "eth_chainId")).toBe("0x7a69");
  });

  it("batches: an exchange fault hits the whole batch, an answer fault only its own call", async () => {
    const batch = [call("eth_chainId", [], 1), call("eth_getBalance", [SENDER, "latest"], 2)];
    await faults.set([{ method: "eth_chainId", fault: { kind: "wrongChainId", chainId: 10 } }]);
    const rewritten = (await rpc(proxy.url, batch)) as RpcAnswer[];
    const direct = (await rpc(anvil.rpcUrl, batch)) as RpcAnswer[];
    expect(rewritten).toEqual([{ jsonrpc: "2.0", id: 1, result: "0xa" }, direct[1]]);

    await faults.set([{ method: "eth_getBalance", fault: { kind: "httpError", status: 503 } }]);
    expect((await post(proxy.url, batch)).status).toBe(503);
  });

  it("refuses an invalid rule set with 400 and keeps the rules it had", async () => {
    await faults.set([{ fault: { kind: "httpError", status: 500 } }]);
    const bad = await post(proxy.controlUrl, { rules: [{ fault: { kind: "httpError", status: 200 } }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/status/);
    expect((await post(proxy.controlUrl, "not json")).status).toBe(400);
    expect((await post(proxy.url, call("eth_chainId"))).status).toBe(500);
  });
});

describe("fault proxy reorgs", () => {
  async function sendTransfer(): Promise<{ hash: string; blockNumber: string; blockHash: string }> {
    const hash = (await result(anvil.rpcUrl, "eth_sendTransaction", [
      { from: SENDER, to: RECIPIENT, value: "0x1" },
    ])) as string;
    const receipt = (await result(proxy.url, "eth_getTransactionReceipt", [hash])) as {
      blockNumber: string;
      blockHash: string;
    };
    return { hash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash };
  }

  it("reorg: the last blocks are replaced, their transactions gone, the height unchanged", async () => {
    const transfer = await sendTransfer();
    await mine(1);
    const height = Number(await result(proxy.url, "eth_blockNumber"));
    expect(await faults.reorg({ depth: 2 })).toEqual({ blockNumber: height });
    expect(await result(proxy.url, "eth_getTransactionReceipt", [transfer.hash])).toBeNull();
    const replaced = (await result(proxy.url, "eth_getBlockByNumber", [transfer.blockNumber, false])) as {
      hash: string;
      transactions: string[];
    };
    expect(replaced.hash).not.toBe(transfer.blockHash);
    expect(replaced.transactions).toEqual([]);
  });

  it("rollback: the last blocks are removed", async () => {
    const transfer = await sendTransfer();
    const height = Number(transfer.blockNumber);
    expect(await faults.reorg({ depth: 1, mode: "rollback" })).toEqual({ blockNumber: height - 1 });
    expect(await result(proxy.url, "eth_getTransactionReceipt", [transfer.hash])).toBeNull();
  });
});
