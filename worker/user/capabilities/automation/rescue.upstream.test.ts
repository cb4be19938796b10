import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, http, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { devnetChainConfig, devnetDeployment } from "../../../../shared/chains/devnet";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import type { Outcome } from "../../../chain/upstreamOutcome";
import { openUserDb } from "../../db";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import type { RescueResult } from "./rescue";
import { proposeRescue } from "./rescue";

const request = { chainId: 31337, action: "repay", asset: "DAI", targetHealthFactor: 1.5 } as const;
const closedPort = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });

/** A rescue in a fresh object whose chain reads fail the way `portfolio` says; returns it and what was stored. */
async function rescueWith(
  name: string,
  portfolio: Outcome<Portfolio>,
): Promise<{ result: RescueResult; stored: number }> {
  return runInDurableObject(env.USER.getByName(name), async (_instance, state) => {
    const host = { db: openUserDb(state.storage), now: () => Date.now(), newId: () => crypto.randomUUID() };
    const transactions = new TransactionsCapability(host);
    const result = await proposeRescue(
      {
        rules: new RulesCapability(host),
        transactions,
        now: host.now,
        owner: () => devnetDeployment.accounts.borrower,
        sessionActive: () => true,
        chains: () => [devnetChainConfig],
        client: () => closedPort as PublicClient,
        aaveMarket: async () => ({
          ok: false,
          failure: { kind: "unavailable", message: "Aave market unavailable", retryAfterSeconds: 7 },
        }),
        portfolio: async () => portfolio,
        priceHistory: async () => ({}),
        invalidatePortfolio: () => {},
        notify: async () => undefined,
        log: () => {},
      },
      request,
      devnetDeployment.accounts.borrower,
      Date.now(),
    );
    return { result, stored: transactions.withStatus(TransactionsCapability.OPEN_STATUSES).length };
  });
}

const portfolio = (chains: Portfolio["chains"]) =>
  ({ ok: true, value: { aave: [], chains } as unknown as Portfolio }) as const;

describe("a rescue while the chain is not answering", () => {
  it("is an upstream failure with a retry hint (the route's 503), and nothing is proposed", async () => {
    const { result, stored } = await rescueWith(
      "rescue-upstream-portfolio",
      portfolio([{ chainId: 31337, status: "ok" }] as Portfolio["chains"]),
    );
    expect(result).toEqual({
      ok: false,
      reason: "upstream",
      failure: { kind: "unavailable", message: "Aave market unavailable", retryAfterSeconds: 7 },
    });
    expect(stored).toBe(0);
  });

  it("refuses at once when the portfolio already knows the chain is unavailable", async () => {
    const { result, stored } = await rescueWith(
      "rescue-upstream-chain",
      portfolio([{ chainId: 31337, status: "unavailable" }] as Portfolio["chains"]),
    );
    expect(result).toMatchObject({ ok: false, reason: "upstream", failure: { kind: "unavailable" } });
    expect(stored).toBe(0);
  });

  it("passes a failed portfolio read on as it is", async () => {
    const failure = { kind: "error", message: "RPC error", retryAfterSeconds: 5 } as const;
    const { result } = await rescueWith("rescue-upstream-read", { ok: false, failure });
    expect(result).toEqual({ ok: false, reason: "upstream", failure });
  });
});
