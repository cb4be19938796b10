import { env } from "cloudflare:workers";
import { numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { borrow } from "../../devnet/actions/borrow";
import { supply } from "../../devnet/actions/supply";
import type { DevnetAccount } from "../../devnet/seed/accounts";
import { devnetSession } from "../../devnet/session";
import { devnetDeployment } from "../../shared/chains/devnet";
import type { MeResponse } from "../../shared/schemas/auth";
import type { Portfolio } from "../../shared/schemas/portfolio";
import { chain, revertChainAfterEachTest, rpcUrl } from "../test/devnet";
import { call, signIn } from "../test/helpers";
import { runTaskNow } from "../test/taskNow";
import { MONITORING_INTERVAL_MS } from "./capabilities/monitoring";
import { HEARTBEAT_INTERVAL_MS } from "./capabilities/wake";
import { watchStatusOf } from "./watchStatus";

revertChainAfterEachTest();

/**
 * A wallet of its own with debt (watched without a socket): no session or object state left by other files, which
 * share the devnet's seeded wallets, can stand in for this test's.
 */
async function freshBorrower() {
  const privateKey = generatePrivateKey();
  const local = privateKeyToAccount(privateKey);
  const account = { name: "borrower", address: local.address, privateKey } as DevnetAccount;
  await chain.request({
    method: "anvil_setBalance" as never,
    params: [local.address, numberToHex(parseEther("10"))] as never,
  });
  const session = devnetSession(rpcUrl, devnetDeployment);
  await supply(session, account, "WETH", "2");
  await borrow(session, account, "DAI", "1000");
  return local;
}

async function me(token: string): Promise<MeResponse> {
  const response = await call("/me", { token });
  expect(response.status).toBe(200);
  return (await response.json()) as MeResponse;
}

describe("GET /me watch status", () => {
  it("shows the heartbeat, the next check and each chain; not_watched once no session is left", async () => {
    const { token, user } = await signIn(await freshBorrower());
    const before = await me(token);
    expect(before.watch).toMatchObject({
      intervalSeconds: MONITORING_INTERVAL_MS / 1000,
      chains: [{ chainId: 31337, status: "ok" }],
    });

    // The first read names the wallet and finds debt: monitoring is on, the alarm set; one check completes (the
    // alarm's, or an earlier one a price block pushed: either way after this point).
    const checkStarted = Date.now();
    const read = await call("/portfolios", { token });
    expect(read.status).toBe(200);
    const portfolio = (await read.json()) as Portfolio;
    // Every served chain's status travels with the portfolio; nothing stale when every chain answered.
    expect(portfolio.chains).toMatchObject([{ chainId: 31337, status: "ok" }]);
    expect(portfolio.stale).toEqual([]);
    const stub = env.USER.getByName(user.id);
    expect(await runTaskNow(stub, "monitoring")).toBe(true);
    const after = (await me(token)).watch;
    expect(after?.lastCheckAt).not.toBeNull();
    expect(Date.parse(after!.lastCheckAt!)).toBeGreaterThanOrEqual(checkStarted);
    expect(after?.nextCheckAt).not.toBeNull();
    expect(Date.parse(after!.nextCheckAt!)).toBeGreaterThan(Date.parse(after!.lastCheckAt!));
    expect(after?.chains[0]).toMatchObject({ chainId: 31337, status: "ok" });
    // The check registered the user with the chain's market object, which now wakes it on need: without a
    // socket, the 10 s loop is an hourly heartbeat.
    expect(after?.intervalSeconds).toBe(HEARTBEAT_INTERVAL_MS / 1000);
    expect(Date.parse(after!.chains[0]!.dataAsOf!)).toBeGreaterThanOrEqual(checkStarted - 60_000);

    // Signed out everywhere: the server says it no longer watches, since when, and announces no next check.
    expect((await call("/auth/logout", { method: "POST", token })).status).toBe(204);
    const stopped = await stub.watchStatus();
    expect(stopped.nextCheckAt).toBeNull();
    expect(stopped.chains).toMatchObject([{ chainId: 31337, status: "not_watched" }]);
    expect(Date.parse(stopped.chains[0]!.since)).toBeGreaterThanOrEqual(checkStarted);
  });
});

describe("watchStatusOf", () => {
  const chains = [
    {
      chainId: 1,
      status: "ok" as const,
      since: "2026-11-30T00:00:00.000Z",
      dataAsOf: "2026-11-30T11:59:50.000Z",
    },
    {
      chainId: 10,
      status: "unavailable" as const,
      since: "2026-11-30T11:58:00.000Z",
      retryAt: "2026-11-30T12:00:05.000Z",
      dataAsOf: "2026-11-30T11:57:50.000Z",
    },
  ];
  const now = Date.parse("2026-11-30T12:00:00.000Z");

  it("passes the chains through while signed in", () => {
    expect(
      watchStatusOf({
        lastCheckAt: now - 10_000,
        nextCheckAt: now + 5_000,
        intervalMs: 10_000,
        chains,
        session: { active: true },
        now,
      }),
    ).toEqual({
      lastCheckAt: "2026-11-30T11:59:50.000Z",
      nextCheckAt: "2026-11-30T12:00:05.000Z",
      intervalSeconds: 10,
      chains,
    });
  });

  it("without a session every chain is not_watched since the last session ended, with no next check", () => {
    const status = watchStatusOf({
      lastCheckAt: now - 10_000,
      nextCheckAt: now + 5_000,
      intervalMs: 10_000,
      chains,
      session: { active: false, endedAt: now - 60_000 },
      now,
    });
    expect(status.nextCheckAt).toBeNull();
    expect(status.chains.map((c) => [c.chainId, c.status, c.since, c.dataAsOf])).toEqual([
      [1, "not_watched", "2026-11-30T11:59:00.000Z", "2026-11-30T11:59:50.000Z"],
      [10, "not_watched", "2026-11-30T11:59:00.000Z", "2026-11-30T11:57:50.000Z"],
    ]);
  });
});
