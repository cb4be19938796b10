import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, http, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import { openUserDb } from "../../db";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import { AutomationCapability } from "./automationCapability";

describe("re-simulation when the chain's RPC is down", () => {
  it("comes back as an upstream failure (the route's 503), not a thrown error (a 500)", async () => {
    const stub = env.USER.getByName("automation-upstream-test");
    const result = await runInDurableObject(stub, async (_instance, state) => {
      const host = { db: openUserDb(state.storage), now: () => Date.now(), newId: () => crypto.randomUUID() };
      const transactions = new TransactionsCapability(host);
      const { transaction } = transactions.propose({
        ruleId: null,
        chainId: 31337,
        title: "Repay 10 DAI",
        steps: [
          {
            chainId: 31337,
            to: devnetDeployment.contracts.pool,
            data: "0x",
            value: "0",
            description: "test step",
          },
        ],
        expiresAt: Date.now() + 900_000,
        idempotencyKey: "upstream-test",
      });
      const closedPort = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
      const automation = new AutomationCapability({
        rules: new RulesCapability(host),
        transactions,
        now: host.now,
        owner: () => devnetDeployment.accounts.borrower,
        chains: () => [],
        client: () => closedPort as PublicClient,
        aaveMarket: async () => {
          throw new Error("not used by re-simulation");
        },
        portfolio: async () => {
          throw new Error("not used by re-simulation");
        },
        priceHistory: async () => ({}),
        invalidatePortfolio: () => {},
        notify: async () => undefined,
        log: () => {},
      });
      return automation.resimulate(transaction.id, Date.now());
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe("upstream");
      if (result.reason === "upstream") expect(result.failure.kind).toBe("unavailable");
    }
  });
});
