import { env } from "cloudflare:workers";
import { HttpRequestError, RpcRequestError } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ErrorBody } from "../../../shared/schemas/errors";
import { checkSignInMessage, verifySignInSignature } from "../../auth/siwe";
import { publicClientFor, RPC_RETRY_COUNT, toUpstreamError } from "../../chain/client";
import { loadConfig } from "../../config";
import { buildMessage, call, freshIp, getNonce } from "../../test/helpers";
import { buildApp } from "../app";
import { ValidationError } from "../errors";

// The error model end to end: one body shape, the right status per failure, one JSON log line per error.

/** A closed port: nothing listens on 127.0.0.1:9, so every RPC call fails to connect. */
const DEAD_RPC = "http://127.0.0.1:9";

function logLines(spy: { mock: { calls: unknown[][] } }): Record<string, unknown>[] {
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

const testApp = buildApp([
  (app) => {
    app.get("/test/boom", () => {
      throw new Error("kaput", { cause: new TypeError("inner detail") });
    });
    app.get("/test/invalid", () => {
      throw new ValidationError("Invalid query: x: bad.", [{ location: "query", path: "x", message: "bad" }]);
    });
    app.get("/test/rpc-down", async () => {
      const wallet = privateKeyToAccount(generatePrivateKey());
      const config = loadConfig(env);
      const nonce = await getNonce(freshIp());
      const message = buildMessage(wallet, nonce);
      const checked = checkSignInMessage(message, wallet.address, config, Date.now());
      const client = publicClientFor({ rpcUrls: () => [DEAD_RPC] }, 31337, {
        onFetchRequest: () => rpcAttempts++,
      });
      // Signed by someone else, so the local ecrecover fallback cannot succeed and the RPC's answer matters.
      const signature = await privateKeyToAccount(generatePrivateKey()).signMessage({ message });
      await verifySignInSignature(client, checked, message, signature, Date.now());
      return new Response("unreachable");
    });
  },
]);
let rpcAttempts = 0;

const request = (path: string, init?: RequestInit) =>
  testApp.request(`http://127.0.0.1:8787${path}`, init, env);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("request context", () => {
  it("gives every response a request id, keeping a sane incoming one", async () => {
    const fresh = await call("/health");
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await call("/health", { headers: { "X-Request-Id": "client-req-12345" } });
    expect(kept.headers.get("X-Request-Id")).toBe("client-req-12345");
    const refused = await call("/health", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(refused.headers.get("X-Request-Id")).not.toBe("bad id with spaces");
  });

  it("answers CORS only for allowed origins", async () => {
    // The dev extension (id pinned by the manifest key of dev builds), listed in wrangler.toml.
    const extension = "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn";
    const allowed = await call("/health", { headers: { Origin: extension } });
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe(extension);
    const otherExtension = await call("/health", {
      headers: { Origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop" },
    });
    expect(otherExtension.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const foreign = await call("/health", { headers: { Origin: "https://evil.example" } });
    expect(foreign.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});

describe("error bodies and logs", () => {
  it("404 for an unknown route, in the one error shape, logged as one JSON line", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await call("/nowhere", { headers: { "X-Request-Id": "req-unknown-route" } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorBody;
    expect(body).toEqual({
      error: {
        code: "not_found",
        message: "Route GET /nowhere not found.",
        details: { requestId: "req-unknown-route" },
      },
    });
    const [line] = logLines(warn);
    expect(line).toMatchObject({
      level: "warn",
      code: "not_found",
      status: 404,
      requestId: "req-unknown-route",
    });
  });

  it("500 for anything unexpected: generic message out, full cause chain in the log", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await request("/test/boom");
    expect(response.status).toBe(500);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("internal");
    expect(body.error.message).toBe("Something went wrong on our side.");
    expect(JSON.stringify(body)).not.toMatch(/kaput|inner detail/);
    const [line] = logLines(error);
    expect(line?.route).toBe("/test/boom");
    expect(line?.cause).toEqual([
      { name: "InternalError", message: "Something went wrong on our side." },
      { name: "Error", message: "kaput" },
      { name: "TypeError", message: "inner detail" },
    ]);
  });

  it("typed errors keep their status and details", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await request("/test/invalid");
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.details?.fields).toEqual([
      { location: "query", path: "x", message: "bad" },
    ]);
  });

  it("logs the user id of authenticated requests", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { signIn } = await import("../../test/helpers");
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    warn.mockClear();
    const response = await call(`/rules/${crypto.randomUUID()}`, { token });
    expect(response.status).toBe(404);
    expect(logLines(warn)[0]).toMatchObject({ userId: user.id, route: "/rules/:id", code: "not_found" });
  });
});

describe("upstream RPC failures", () => {
  it("retries 3 times, then answers 503 with a retry hint", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    rpcAttempts = 0;
    const response = await request("/test/rpc-down", { headers: { "CF-Connecting-IP": freshIp() } });
    expect(response.status).toBe(503);
    expect(rpcAttempts).toBe(1 + RPC_RETRY_COUNT);
    expect(response.headers.get("Retry-After")).toBe("5");
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("upstream_unavailable");
    expect(body.error.details?.retryAfterSeconds).toBe(5);
  });

  it("maps a reachable-but-failing RPC to 502 and an unreachable one to 503", () => {
    const serverError = new HttpRequestError({ url: "http://rpc", status: 500, body: {} });
    expect(toUpstreamError(serverError, "Reading")?.status).toBe(502);
    const refused = new HttpRequestError({ url: "http://rpc", cause: new TypeError("fetch failed") });
    expect(toUpstreamError(refused, "Reading")?.status).toBe(503);
    const rpcError = new RpcRequestError({
      url: "http://rpc",
      body: {},
      error: { code: -32000, message: "boom" },
    });
    expect(toUpstreamError(rpcError, "Reading")?.status).toBe(502);
    expect(toUpstreamError(new Error("not viem"), "Reading")).toBeNull();
  });
});
