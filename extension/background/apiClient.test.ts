import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError } from "../lib/api/apiError";
import { createApiClient } from "./apiClient";

/** A real HTTP server playing a scripted sequence of answers, recording each request's method and path. */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
let script: Answer[] = [];
let seen: string[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = script.shift() ?? { status: 200, body: { ok: true } };
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failing = (status: number, headers?: Record<string, string>): Answer => ({
  status,
  headers,
  body: { error: { code: status === 429 ? "rate_limited" : "upstream_unavailable", message: "later" } },
});

let waits: number[] = [];
function client(now = 0) {
  return createApiClient({
    baseUrl: async () => base,
    token: async () => "t",
    onUnauthorized: async () => undefined,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    now: () => now,
  });
}
const okSchema = z.object({ ok: z.literal(true) });

beforeEach(() => {
  script = [];
  seen = [];
  waits = [];
});

describe("API client retries", () => {
  it("retries a GET through transient 503s and returns the answer, without a manual retry", async () => {
    script = [failing(503), failing(502), { status: 200, body: { ok: true } }];
    await expect(client()({ path: "/portfolios", schema: okSchema })).resolves.toEqual({ ok: true });
    expect(seen).toEqual(["GET /portfolios", "GET /portfolios", "GET /portfolios"]);
    // Jittered exponential backoff: half the cap plus random·half (random = 0.5) → 375 ms, then 750 ms.
    expect(waits).toEqual([375, 750]);
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const now = Date.parse("2026-12-01T04:00:00.000Z");
    script = [
      failing(429, { "retry-after": "2" }),
      failing(503, { "retry-after": new Date(now + 3000).toUTCString() }),
      { status: 200, body: { ok: true } },
    ];
    await client(now)({ path: "/me", schema: okSchema });
    expect(waits).toEqual([2000, 3000]);
  });

  it("gives up after 3 attempts with the last error and its Retry-After", async () => {
    script = [failing(503), failing(503), failing(503, { "retry-after": "7" })];
    const error = await client()({ path: "/portfolios", schema: okSchema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).retryAfterMs).toBe(7000);
    expect(seen).toHaveLength(3);
  });

  it("does not wait out a Retry-After longer than 10 s: the error goes to the caller at once", async () => {
    script = [failing(503, { "retry-after": "120" })];
    await expect(client()({ path: "/portfolios", schema: okSchema })).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("never retries a write, nor a GET refused for a reason retrying cannot fix", async () => {
    script = [failing(503)];
    await expect(
      client()({ method: "POST", path: "/rules", body: {}, schema: okSchema }),
    ).rejects.toMatchObject({ status: 503 });
    script = [{ status: 404, body: { error: { code: "not_found", message: "no" } } }];
    await expect(client()({ path: "/rules/x", schema: okSchema })).rejects.toMatchObject({ status: 404 });
    expect(seen).toEqual(["POST /rules", "GET /rules/x"]);
  });

  it("retries when the API cannot be reached at all", async () => {
    const unreachable = createApiClient({
      baseUrl: async () => "http://127.0.0.1:1",
      token: async () => "t",
      onUnauthorized: async () => undefined,
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0,
    });
    await expect(unreachable({ path: "/me", schema: okSchema })).rejects.toMatchObject({ code: "network" });
    expect(waits).toEqual([250, 500]);
  });
});

describe("API client words", () => {
  const messageOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error instanceof ApiError ? error.message : String(error);
    }
    throw new Error("expected a failure");
  };

  it("says the server cannot be reached without showing its URL", async () => {
    const unreachable = createApiClient({
      baseUrl: async () => "http://127.0.0.1:1",
      token: async () => "t",
      onUnauthorized: async () => undefined,
      sleep: async () => undefined,
      random: () => 0,
    });
    const message = await messageOf(unreachable({ path: "/me", schema: okSchema }));
    // Online: the network is there, so the user is not sent to check it.
    expect(message).toBe(
      "Could not reach Vigil’s server: it is down or cannot be reached from here. Try again in a moment.",
    );
    expect(message).not.toMatch(/https?:|127\.0\.0\.1|\/me/);
    vi.stubGlobal("navigator", { onLine: false });
    try {
      expect(await messageOf(unreachable({ path: "/me", schema: okSchema }))).toBe(
        "Could not reach Vigil’s server: this browser is offline. Vigil refreshes once you are back online.",
      );
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("names neither the route nor the URL when an answer is malformed or an error has no body", async () => {
    script = [{ status: 200, body: { ok: "yes" } }];
    const malformed = await messageOf(client()({ path: "/portfolios", schema: okSchema }));
    expect(malformed).toBe(
      "Vigil’s server sent an answer this version of the extension does not understand. Update Vigil.",
    );
    script = [{ status: 418 }];
    const bare = await messageOf(client()({ method: "POST", path: "/rules", schema: okSchema }));
    expect(bare).toBe("Vigil’s server had a problem (error 418). Try again in a moment.");
    expect(`${malformed} ${bare}`).not.toMatch(/https?:|\/portfolios|\/rules/);
  });
});
