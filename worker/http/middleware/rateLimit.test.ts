import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, errorOf, freshIp, ORIGIN, signIn } from "../../test/helpers";
import { buildApp } from "../app";
import { ipLimitKey } from "./clientIp";
import { RATE_LIMIT_WINDOW_SECONDS } from "./rateLimit";

// Attacks on the limits: one token spending expensive actions from many IPs, one IPv6 subscriber rotating through
// its /64, and a client naming its own CF-Connecting-IP where Cloudflare does not set it. Limits come from
// wrangler.toml: USER_ACTION_LIMIT and AUTH_LIMIT_IP allow 30 requests per key and minute.
const LIMIT = 30;

/**
 * The local limiter counts in fixed minutes (epoch-aligned). A burst that straddles a minute would be split over
 * two windows, so a test that counts to the limit starts it early in a minute.
 */
async function startOfFreshWindow(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

async function expectRateLimited(response: Response, what: string): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get("Retry-After")).toBe(String(RATE_LIMIT_WINDOW_SECONDS));
  const error = await errorOf(response);
  expect(error.code).toBe("rate_limited");
  expect(error.message).toBe(`Too many ${what}; try again in ${RATE_LIMIT_WINDOW_SECONDS} seconds.`);
  expect(error.details?.retryAfterSeconds).toBe(RATE_LIMIT_WINDOW_SECONDS);
}

const newUser = () => signIn(privateKeyToAccount(generatePrivateKey()));

const FORECAST = {
  positions: {
    supplies: [{ symbol: "WETH", amountUsd: 10_000, liquidationThreshold: 0.83 }],
    borrows: [{ symbol: "USDC", amountUsd: 6_000 }],
  },
  health_factor: 1.38,
};

beforeEach(() => {
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("per-user limits on expensive actions", () => {
  // Each action: the attacker's requests come from a new IP every time, so only a per-user key can stop them.
  const actions = [
    {
      name: "risk forecasts",
      send: (token: string, ip: string) =>
        call("/risk/forecast", { method: "POST", token, ip, json: FORECAST }),
      ok: 200,
    },
    {
      name: "portfolio refreshes",
      send: (token: string, ip: string) => call("/portfolios/refresh", { method: "POST", token, ip }),
      ok: 200,
    },
    {
      name: "simulations",
      // No such proposal: the limit is counted before the lookup, so this costs the attacker their budget too.
      send: (token: string, ip: string) =>
        call(`/transactions/${crypto.randomUUID()}/simulate`, { method: "POST", token, ip }),
      ok: 404,
    },
    {
      name: "WebSocket tickets",
      send: (token: string, ip: string) => call("/ws/ticket", { method: "POST", token, ip }),
      ok: 200,
    },
  ];

  for (const action of actions) {
    it(`${action.name}: ${LIMIT} per user and minute whatever the IP, then 429; other users unaffected`, async () => {
      const attacker = await newUser();
      const bystander = await newUser();
      await startOfFreshWindow();
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT; i++) statuses.push((await action.send(attacker.token, freshIp())).status);
      expect(statuses).toEqual(Array(LIMIT).fill(action.ok));
      const sharedIp = freshIp();
      await expectRateLimited(await action.send(attacker.token, sharedIp), action.name);
      // Same IP, another user: their own budget.
      expect((await action.send(bystander.token, sharedIp)).status).toBe(action.ok);
    });
  }

  it("counts each action on its own: a user out of tickets can still refresh", async () => {
    const user = await newUser();
    await startOfFreshWindow();
    for (let i = 0; i < LIMIT; i++) await call("/ws/ticket", { method: "POST", token: user.token });
    await expectRateLimited(
      await call("/ws/ticket", { method: "POST", token: user.token }),
      "WebSocket tickets",
    );
    expect((await call("/portfolios/refresh", { method: "POST", token: user.token })).status).toBe(200);
  });
});

describe("per-user limit on transaction lookups (polled once a second by the approval page)", () => {
  // wrangler.toml: USER_POLL_LIMIT allows 120 per key and minute; every lookup costs two RPC calls.
  const POLL_LIMIT = 120;
  const lookup = (token: string, ip: string) =>
    call(`/chains/31337/transactions/0x${"cd".repeat(32)}`, { token, ip });

  it(`${POLL_LIMIT} per user and minute whatever the IP (two a second for a minute), then 429; others unaffected`, async () => {
    const attacker = await newUser();
    const bystander = await newUser();
    await startOfFreshWindow();
    const statuses: number[] = [];
    for (let i = 0; i < POLL_LIMIT; i++) statuses.push((await lookup(attacker.token, freshIp())).status);
    expect(statuses).toEqual(Array(POLL_LIMIT).fill(200));
    const sharedIp = freshIp();
    await expectRateLimited(await lookup(attacker.token, sharedIp), "transaction lookups");
    expect((await lookup(bystander.token, sharedIp)).status).toBe(200);
    // Its own budget: the user's 30 forecasts a minute are untouched.
    expect(
      (await call("/risk/forecast", { method: "POST", token: attacker.token, json: FORECAST })).status,
    ).toBe(200);
  });
});

describe("per-IP keys", () => {
  it("keys IPv4 per address and IPv6 per /64 (an IPv4-mapped address is its IPv4)", () => {
    expect(ipLimitKey("203.0.113.7")).toBe("ip:203.0.113.7");
    expect(ipLimitKey("2001:db8:abcd:12::1")).toBe("ip6:2001:db8:abcd:12::/64");
    expect(ipLimitKey("2001:0db8:abcd:0012:ffff:ffff:ffff:fffe")).toBe("ip6:2001:db8:abcd:12::/64");
    expect(ipLimitKey("2001:DB8:ABCD:12:0:0:0:9")).toBe("ip6:2001:db8:abcd:12::/64");
    expect(ipLimitKey("2001:db8:abcd:13::1")).toBe("ip6:2001:db8:abcd:13::/64");
    expect(ipLimitKey("::1")).toBe("ip6:0:0:0:0::/64");
    expect(ipLimitKey("fe80::1%eth0")).toBe("ip6:fe80:0:0:0::/64");
    expect(ipLimitKey("::ffff:198.51.100.4")).toBe("ip:198.51.100.4");
    expect(ipLimitKey("64:ff9b::192.0.2.1")).toBe("ip6:64:ff9b:0:0::/64");
    for (const bad of [
      "",
      "not-an-ip",
      "256.1.1.1",
      "1.2.3",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::",
      "::g",
    ]) {
      expect(ipLimitKey(bad), bad).toBeNull();
    }
  });

  it("an IPv6 client rotating addresses inside its /64 shares one sign-in budget; the next /64 has its own", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
    await startOfFreshWindow();
    for (let i = 1; i <= LIMIT; i++) {
      const response = await call("/auth/nonce", { ip: `${prefix}::${i.toString(16)}` });
      expect(response.status).toBe(200);
    }
    await expectRateLimited(await call("/auth/nonce", { ip: `${prefix}:dead:beef:1:2` }), "sign-in requests");
    expect((await call("/auth/nonce", { ip: `${prefix}1::1` })).status).toBe(200);
  });

  it("where Cloudflare does not set CF-Connecting-IP (TRUST_CF_CONNECTING_IP unset), a client cannot pick its key", async () => {
    const app = buildApp();
    const local = { ...env, TRUST_CF_CONNECTING_IP: "false" };
    const nonce = (ip: string) =>
      app.request(
        `${ORIGIN}/auth/nonce`,
        { headers: { "CF-Connecting-IP": ip, "X-Forwarded-For": ip } },
        local,
      );
    await startOfFreshWindow();
    const statuses: number[] = [];
    // A fresh made-up address on every request: behind an untrusted header they all count as one client.
    for (let i = 0; i < LIMIT; i++) statuses.push((await nonce(freshIp())).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    await expectRateLimited(await nonce(freshIp()), "sign-in requests");
    // The same header, trusted (production): that address has its own budget.
    expect((await call("/auth/nonce", { ip: freshIp() })).status).toBe(200);
  });
});
