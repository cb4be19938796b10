import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, http, type PublicClient } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import { openUserDb } from "../../db";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import { AutomationCapability } from "./automationCapability";

/** One proposal in a fresh object, and the automation capability over a chain endpoint that refuses connections. */
async function withDeadChain<T>(
  name: string,
  run: (
    automation: AutomationCapability,
    transactionId: string,
    transactions: TransactionsCapability,
  ) => Promise<T>,
): Promise<T> {
  const stub = env.USER.getByName(name);
  return runInDurableObject(stub, async (_instance, state) => {
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
      idempotencyKey: `${name}-${crypto.randomUUID()}`,
      minNonce: null,
    });
    const closedPort = createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
    const automation = new AutomationCapability({
      rules: new RulesCapability(host),
      transactions,
      now: host.now,
      owner: () => devnetDeployment.accounts.borrower,
      sessionActive: () => true,
      chains: () => [],
      client: () => closedPort as PublicClient,
      aaveMarket: async () => {
        throw new Error("not used by the lifecycle");
      },
      portfolio: async () => {
        throw new Error("not used by the lifecycle");
      },
      priceHistory: async () => ({}),
      invalidatePortfolio: () => {},
      notify: async () => undefined,
      log: () => {},
    });
    return run(automation, transaction.id, transactions);
  });
}

describe("the lifecycle when the chain's RPC is down", () => {
  it("re-simulation comes back as an upstream failure (the route's 503), not a thrown error (a 500)", async () => {
    const result = await withDeadChain("automation-upstream-test", (automation, id) =>
      automation.resimulate(id, Date.now()),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe("upstream");
      if (result.reason === "upstream") expect(result.failure.kind).toBe("unavailable");
    }
  });

  it("reported hashes that cannot be looked up are an upstream failure; the proposal stays approved", async () => {
    const { result, status } = await withDeadChain(
      "automation-upstream-submit",
      async (automation, id, txs) => {
        expect((await automation.approve(id)).ok).toBe(true);
        const result = await automation.submitted(
          id,
          [`0x${"ab".repeat(32)}`],
          devnetDeployment.accounts.borrower,
        );
        return { result, status: txs.get(id)?.status };
      },
    );
    expect(result).toMatchObject({ ok: false, reason: "upstream", failure: { kind: "unavailable" } });
    expect(status).toBe("approved");
  });
});
