import { env } from "cloudflare:workers";
import { BaseError, encodeAbiParameters, erc20Abi } from "viem";
import { afterEach, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { faultControl } from "../../devnet/faultProxy/control";
import type { FaultRuleInput } from "../../devnet/faultProxy/rules";
import { devnetDeployment } from "../../shared/chains/devnet";
import type { ErrorBody } from "../../shared/schemas/errors";
import { loadConfig } from "../config";
import { InternalError } from "../errors";
import { buildApp } from "../http/app";
import { chain } from "../test/devnet";
import { publicClientFor, type RpcOptions, toUpstreamError } from "./client";
import { RpcChainMismatchError } from "./rpcErrors";
import { retryDelayMs } from "./rpcTransport";

// The worker's RPC client against the devnet behind the fault proxy (devnet/faultProxy/): fallback across URLs,
// the chain id checked before any answer is believed, garbage refused, timeouts and retries, and how each
// failure reaches the API (502/503 with Retry-After).

const faultyRpcUrl = inject("faultyRpcUrl");
const faults = faultControl(inject("faultControlUrl"));
/** Nothing listens on port 9: connections are refused. */
const DEAD_RPC = "http://127.0.0.1:9";
/** Quick retries so a test sees the whole retry schedule in milliseconds. */
const FAST_RETRIES = 2;
const FAST: RpcOptions = { retryCount: FAST_RETRIES, retryDelayMs: 5, timeoutMs: 2_000 };
const SOMEONE = "0x70997970c51812dc3a010c7d01b38e0d4be7e3c8";

/** A proxy URL no client has used yet (the chain-id check is remembered per URL), and its path for rules. */
function freshUrl(name: string): { url: string; path: string } {
  const path = `/${name}-${crypto.randomUUID()}`;
  return { url: `${faultyRpcUrl}${path}`, path };
}

const onPath = (path: string, rule: Omit<FaultRuleInput, "path">): FaultRuleInput => ({ ...rule, path });

/** Records which URL path got which JSON-RPC method, to prove where data came from. */
function recorder(): { options: RpcOptions; calls: () => Promise<string[]> } {
  const requests: Request[] = [];
  return {
    options: { ...FAST, onFetchRequest: (request) => void requests.push(request) },
    calls: () =>
      Promise.all(
        requests.map(async (request) => {
          const body = (await request.clone().json()) as { method: string };
          const url = new URL(request.url);
          return `${url.port === "9" ? "dead" : url.pathname.split("-")[0]} ${body.method}`;
        }),
      ),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the RPC call to fail");
}

beforeEach(() => faults.clear());
afterEach(async () => {
  await faults.clear();
  vi.restoreAllMocks();
});

describe("publicClientFor over the fault proxy", () => {
  it("is transparent with no faults, and asks each URL its chain id only once", async () => {
    const { url } = freshUrl("clean");
    const expected = await chain.getBlockNumber();
    expect(await publicClientFor({ rpcUrls: () => [url] }, 31337).getBlockNumber()).toBe(expected);
    expect(await publicClientFor({ rpcUrls: () => [url] }, 31337).getBlockNumber()).toBe(expected);
    expect((await faults.stats()).methods).toEqual({ eth_chainId: 1, eth_blockNumber: 2 });
  });

  it("two URLs, the first dead: the answer comes from the second", async () => {
    const first = freshUrl("first");
    const second = freshUrl("second");
    await faults.set([onPath(first.path, { fault: { kind: "drop" } })]);
    const { options, calls } = recorder();
    const client = publicClientFor({ rpcUrls: () => [first.url, second.url] }, 31337, options);
    expect(await client.getBlockNumber()).toBe(await chain.getBlockNumber());
    expect(await calls()).toEqual(["/first eth_chainId", "/second eth_chainId", "/second eth_blockNumber"]);
  });

  it("a refused first URL (configured as a comma-separated list) falls back the same way", async () => {
    const second = freshUrl("second");
    const config = loadConfig({ ...env, RPC_URL_31337: `${DEAD_RPC}, ${second.url}` });
    expect(config.rpcUrls(31337)).toEqual([DEAD_RPC, second.url]);
    const { options, calls } = recorder();
    expect(await publicClientFor(config, 31337, options).getBlockNumber()).toBe(await chain.getBlockNumber());
    expect(await calls()).toEqual(["dead eth_chainId", "/second eth_chainId", "/second eth_blockNumber"]);
  });

  it("a wrong chain id is a failure, never data: no data call is made, no retry, 502", async () => {
    const wrong = freshUrl("wrong");
    await faults.set([onPath(wrong.path, { fault: { kind: "wrongChainId", chainId: 1 } })]);
    const client = publicClientFor({ rpcUrls: () => [wrong.url] }, 31337, FAST);
    const error = await failureOf(client.getBlockNumber());
    expect(error).toBeInstanceOf(BaseError);
    expect((error as BaseError).walk((e) => e instanceof RpcChainMismatchError)).toMatchObject({
      expectedChainId: 31337,
      actualChainId: 1,
    });
    const upstream = toUpstreamError(error, "Reading the block");
    expect(upstream).toMatchObject({ status: 502, code: "upstream_error", retryAfterSeconds: 5 });
    expect(upstream?.shortMessage).toBe("Reading the block: the chain's RPC serves another chain.");
    expect((await faults.stats()).methods).toEqual({ eth_chainId: 1 });
  });

  it("a wrong-chain URL first, a right one second: the data comes from the right one only", async () => {
    const wrong = freshUrl("wrong");
    const right = freshUrl("right");
    await faults.set([onPath(wrong.path, { fault: { kind: "wrongChainId", chainId: 10 } })]);
    const { options, calls } = recorder();
    const client = publicClientFor({ rpcUrls: () => [wrong.url, right.url] }, 31337, options);
    expect(await client.getBlockNumber()).toBe(await chain.getBlockNumber());
    expect(await calls()).toEqual(["/wrong eth_chainId", "/right eth_chainId", "/right eth_blockNumber"]);
  });

  it("malformed JSON is an upstream error (502) after the retries, never data", async () => {
    const { url, path } = freshUrl("garbled");
    await faults.set([onPath(path, { method: "eth_blockNumber", fault: { kind: "malformedJson" } })]);
    const error = await failureOf(publicClientFor({ rpcUrls: () => [url] }, 31337, FAST).getBlockNumber());
    expect(toUpstreamError(error, "Reading the block")).toMatchObject({
      status: 502,
      code: "upstream_error",
      shortMessage: "Reading the block: the chain's RPC answered with garbage.",
    });
    expect((await faults.stats()).faults).toEqual({ malformedJson: 1 + FAST_RETRIES });
  });

  it("a well-formed answer with a malformed result is refused too (eth_blockNumber, eth_call)", async () => {
    const { url, path } = freshUrl("garbage");
    await faults.set([
      onPath(path, { method: "eth_blockNumber", fault: { kind: "garbageResult", result: "0xnothex" } }),
      onPath(path, { method: "eth_call", fault: { kind: "garbageResult", result: "0x123" } }),
    ]);
    const client = publicClientFor({ rpcUrls: () => [url] }, 31337, FAST);
    const reads = [() => client.getBlockNumber(), () => client.call({ to: SOMEONE, data: "0x" })];
    for (const read of reads) {
      expect(toUpstreamError(await failureOf(read()), "Reading")).toMatchObject({
        status: 502,
        shortMessage: "Reading: the chain's RPC answered with garbage.",
      });
    }
  });

  it("hex that does not decode as the answer (empty, a multicall with the wrong number of results) is garbage: 502", async () => {
    const { url, path } = freshUrl("undecodable");
    const client = publicClientFor({ rpcUrls: () => [url] }, 31337, FAST);
    const dai = devnetDeployment.reserves.DAI.underlying;
    const balance = () =>
      client.readContract({ address: dai, abi: erc20Abi, functionName: "balanceOf", args: [SOMEONE] });
    await faults.set([onPath(path, { method: "eth_call", fault: { kind: "garbageResult", result: "0x" } })]);
    expect(toUpstreamError(await failureOf(balance()), "Reading")).toMatchObject({
      status: 502,
      shortMessage: "Reading: the chain's RPC answered with garbage.",
    });
    // aggregate3 answering no results for two calls.
    const none = encodeAbiParameters(
      [{ type: "tuple[]", components: [{ type: "bool" }, { type: "bytes" }] }],
      [[]],
    );
    await faults.set([onPath(path, { method: "eth_call", fault: { kind: "garbageResult", result: none } })]);
    const twoCalls = client.multicall({
      multicallAddress: devnetDeployment.contracts.multicall3,
      contracts: [
        { address: dai, abi: erc20Abi, functionName: "balanceOf", args: [SOMEONE] },
        { address: dai, abi: erc20Abi, functionName: "totalSupply" },
      ],
    });
    expect(toUpstreamError(await failureOf(twoCalls), "Reading")).toMatchObject({
      status: 502,
      shortMessage: "Reading: the chain's RPC answered with garbage.",
    });
  });

  it("a latest block that is missing, or whose base fee is missing or not hex, is garbage for a fee estimate: 502", async () => {
    const latest = (await chain.request({
      method: "eth_getBlockByNumber",
      params: ["latest", false],
    })) as Record<string, unknown>;
    const { baseFeePerGas: _, ...withoutBaseFee } = latest;
    for (const result of [null, withoutBaseFee, { ...latest, baseFeePerGas: "0xzz" }]) {
      const { url, path } = freshUrl("fee-block");
      await faults.set([
        onPath(path, {
          method: "eth_getBlockByNumber",
          fault: { kind: "garbageResult", result: result as never },
        }),
      ]);
      const client = publicClientFor({ rpcUrls: () => [url] }, 31337, FAST);
      const error = await failureOf(client.estimateFeesPerGas({ type: "eip1559", chain: null }));
      expect(toUpstreamError(error, "Pricing the gas"), JSON.stringify(result)?.slice(0, 40)).toMatchObject({
        status: 502,
        shortMessage: "Pricing the gas: the chain's RPC answered with garbage.",
      });
    }
  });

  it("a fault that heals within the retries is invisible: the third attempt answers", async () => {
    const { url, path } = freshUrl("flaky");
    await faults.set([
      onPath(path, { method: "eth_blockNumber", times: 2, fault: { kind: "httpError", status: 503 } }),
    ]);
    const client = publicClientFor({ rpcUrls: () => [url] }, 31337, FAST);
    expect(await client.getBlockNumber()).toBe(await chain.getBlockNumber());
    expect(await faults.stats()).toMatchObject({
      methods: { eth_chainId: 1, eth_blockNumber: 3 },
      faults: { httpError: 2 },
    });
  });

  it("a stuck node (its newest block 20 min old) is skipped for the next URL, and not asked again for a while", async () => {
    const stuck = freshUrl("stuck");
    const synced = freshUrl("synced");
    const head = await chain.getBlock();
    const old = {
      ...JSON.parse(JSON.stringify(head, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v))),
    };
    old.timestamp = `0x${(head.timestamp - 20n * 60n).toString(16)}`;
    await faults.set([
      onPath(stuck.path, { method: "eth_getBlockByNumber", fault: { kind: "garbageResult", result: old } }),
    ]);
    // The wall clock as the chain's: a minute after its newest block.
    const staleHead = { maxAgeSeconds: 600, now: () => Number(head.timestamp) * 1000 + 60_000 };
    const { options, calls } = recorder();
    const client = publicClientFor({ rpcUrls: () => [stuck.url, synced.url] }, 31337, {
      ...options,
      staleHead,
    });
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(await chain.getBlockNumber());
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(await chain.getBlockNumber());
    expect(await calls()).toEqual([
      "/stuck eth_chainId",
      "/stuck eth_getBlockByNumber",
      "/synced eth_chainId",
      "/synced eth_getBlockByNumber",
      "/synced eth_blockNumber",
      // The second read: the stuck URL is skipped without a request, the synced one's head is still believed.
      "/synced eth_blockNumber",
    ]);
  });

  it("every URL stuck: 503 saying the RPC is behind, no retry storm, never the frozen data", async () => {
    const { url, path } = freshUrl("allstuck");
    const head = await chain.getBlock();
    const staleHead = { maxAgeSeconds: 600, now: () => Number(head.timestamp) * 1000 + 15 * 60_000 };
    const client = publicClientFor({ rpcUrls: () => [url] }, 31337, { ...FAST, staleHead });
    const error = await failureOf(client.getBlockNumber());
    expect(toUpstreamError(error, "Reading the block")).toMatchObject({
      status: 503,
      shortMessage: "Reading the block: the chain's RPC is behind (its newest block is 15 min old).",
    });
    expect((await faults.stats()).methods).toEqual({ eth_chainId: 1, eth_getBlockByNumber: 1 });
    expect(path).toMatch(/^\/allstuck-/);
  });

  it("a chain with no usable RPC URL is a misconfiguration with a precise message", () => {
    const config = loadConfig({ ...env, RPC_URL_31337: "http://ok.example, ftp://nope" });
    expect(() => config.rpcUrls(31337)).toThrow(InternalError);
    expect(() => config.rpcUrls(31337)).toThrow(/RPC_URL_31337 must list one or more http\(s\) URLs/);
    expect(() => loadConfig({ ...env, RPC_TIMEOUT_MS_31337: "soon" }).rpcTimeoutMs(31337)).toThrow(
      /RPC_TIMEOUT_MS_31337/,
    );
  });
});

describe("a slow RPC through the API", () => {
  const app = buildApp([
    (routes) => {
      routes.get("/test/block", async (c) => {
        const url = c.req.query("url") ?? "";
        // The chain's own timeout setting (RPC_TIMEOUT_MS_<id>), as a deployment would set it.
        const config = loadConfig({ ...env, RPC_URL_31337: url, RPC_TIMEOUT_MS_31337: "300" });
        try {
          const block = await publicClientFor(config, 31337, {
            retryCount: 1,
            retryDelayMs: 5,
          }).getBlockNumber();
          return c.json({ block: String(block) });
        } catch (error) {
          throw toUpstreamError(error, "Reading the block") ?? error;
        }
      });
    },
  ]);

  it("beyond the chain's timeout: 503 with Retry-After, after one retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const { url, path } = freshUrl("slow");
    await faults.set([onPath(path, { method: "eth_blockNumber", fault: { kind: "delay", ms: 1_500 } })]);
    const response = await app.request(`/test/block?url=${encodeURIComponent(url)}`, {}, env);
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({
      code: "upstream_unavailable",
      message: "Reading the block: the chain's RPC timed out.",
    });
    expect((await faults.stats()).faults).toEqual({ delay: 2 });
  });

  it("within the chain's timeout the same slow RPC answers", async () => {
    const { url, path } = freshUrl("slowish");
    await faults.set([onPath(path, { method: "eth_blockNumber", fault: { kind: "delay", ms: 50 } })]);
    const response = await app.request(`/test/block?url=${encodeURIComponent(url)}`, {}, env);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ block: String(await chain.getBlockNumber()) });
  });
});

describe("retryDelayMs", () => {
  it("doubles per retry and jitters within [half, all] of each step", () => {
    expect([0, 1, 2].map((count) => retryDelayMs(count, 100, () => 0))).toEqual([50, 100, 200]);
    expect([0, 1, 2].map((count) => retryDelayMs(count, 100, () => 1))).toEqual([100, 200, 400]);
    const samples = Array.from({ length: 50 }, () => retryDelayMs(1, 150));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...samples)).toBeLessThanOrEqual(300);
    expect(new Set(samples).size).toBeGreaterThan(5);
  });
});
