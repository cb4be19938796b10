import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createPublicClient, http, type PublicClient } from "viem";
import { afterEach, describe, expect, inject, it } from "vitest";
import { faultControl } from "../../../../devnet/faultProxy/control";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import { publicClientFor } from "../../../chain/client";
import { openUserDb } from "../../db";
import { RulesCapability } from "../rules";
import { TransactionsCapability } from "../transactions";
import { AutomationCapability } from "./automationCapability";

const closedPort = () =>
  createPublicClient({ transport: http("http://127.0.0.1:9", { retryCount: 0 }) }) as PublicClient;

/** One proposal in a fresh object, and the automation capability over a chain endpoint that refuses connections. */
function withDeadChain<T>(
  name: string,
  run: (
    automation: AutomationCapability,
    transactionId: string,
    transactions: TransactionsCapability,
  ) => Promise<T>,
): Promise<T> {
  return withChain(name, closedPort(), run);
}

/** One proposal in a fresh object, and the automation capability over `client`. */
async function withChain<T>(
  name: string,
  client: PublicClient,
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
    const automation = new AutomationCapability({
      rules: new RulesCapability(host),
      transactions,
      now: host.now,
      owner: () => devnetDeployment.accounts.borrower,
      sessionActive: () => true,
      chains: () => [],
      client: () => client,
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

describe("the lifecycle when the chain's RPC answers the simulation wrongly", () => {
  const faults = faultControl(inject("faultControlUrl"));
  afterEach(() => faults.clear());

  it("no calls, fewer calls than asked, or calls without their gas: an upstream failure, never 'would succeed' or a thrown error", async () => {
    const answers: unknown[] = [
      [],
      [{ calls: [] }],
      [{ calls: [{ status: "0x1", gasUsed: "0x5208", logs: [], returnData: "0x" }] }],
      [{ calls: [{ status: "0x1" }, { status: "0x1" }] }],
    ];
    for (const [i, answer] of answers.entries()) {
      const path = `/simulate-garbage-${crypto.randomUUID()}`;
      await faults.set([
        { path, method: "eth_simulateV1", fault: { kind: "garbageResult", result: answer as never } },
      ]);
      const client = publicClientFor({ rpcUrls: () => [`${inject("faultyRpcUrl")}${path}`] }, 31337, {
        retryCount: 0,
        timeoutMs: 2_000,
      });
      const result = await withChain(`automation-simulate-garbage-${i}`, client, (automation, id) =>
        automation.resimulate(id, Date.now()),
      );
      expect(result, JSON.stringify(answer)).toMatchObject({
        ok: false,
        reason: "upstream",
        failure: {
          kind: "error",
          message: "Re-simulating the proposal: the chain's RPC answered with garbage.",
        },
      });
    }
  });
});
