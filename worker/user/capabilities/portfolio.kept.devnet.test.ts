import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Address, numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { supply } from "../../../devnet/actions/supply";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { devnetChainConfig, devnetDeployment } from "../../../shared/chains/devnet";
import { publicClientFor } from "../../chain/client";
import { chain, marketObject, revertChainAfterEachTest, rpcUrl } from "../../test/devnet";
import { openUserDb } from "../db";
import { PortfolioCapability } from "./portfolio";

// Positions kept in storage (served for hours while the market object wakes the user on every event naming the
// wallet) outlive an eviction. If the chain went back meanwhile, what they say may never have happened.

revertChainAfterEachTest();

const KEPT_FOR_MS = 24 * 3600 * 1000;

/** A fresh portfolio capability over the object's own storage, as the object builds one after an eviction. */
function portfolioAfterEviction(state: DurableObjectState): PortfolioCapability {
  return new PortfolioCapability({
    db: openUserDb(state.storage),
    kv: state.storage.kv,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    chains: () => [devnetChainConfig],
    client: () => publicClientFor({ rpcUrls: () => [rpcUrl] }, 31337),
    aaveMarket: (chainId) => marketObject().aaveMarket(chainId),
    risk: async () => ({ status: "unavailable", reason: "not under test" }),
    positionsTtlMs: () => KEPT_FOR_MS,
  });
}

async function suppliedWeth(portfolio: PortfolioCapability, address: Address) {
  const outcome = await portfolio.get(address);
  if (!outcome.ok) throw new Error(outcome.failure.message);
  const account = outcome.value.aave.find((a) => a.chainId === 31337);
  return {
    weth: account?.supplies.find((s) => s.symbol === "WETH")?.amount ?? 0,
    cached: outcome.value.cache.positions.hit,
  };
}

async function fundedAccount(): Promise<DevnetAccount> {
  const privateKey = generatePrivateKey();
  const address = privateKeyToAccount(privateKey).address;
  await chain.request({
    method: "anvil_setBalance" as never,
    params: [address, numberToHex(parseEther("10"))] as never,
  });
  return { name: "supplier", address, privateKey } as DevnetAccount;
}

describe("kept positions and an eviction", () => {
  it("are served from storage after an eviction while the chain went on", async () => {
    const account = await fundedAccount();
    await supply(devnetSession(rpcUrl, devnetDeployment), account, "WETH", "2");
    await marketObject().invalidate();
    const stub = env.USER.getByName(crypto.randomUUID());
    await runInDurableObject(stub, async (_instance, state) => {
      expect(await suppliedWeth(portfolioAfterEviction(state), account.address)).toEqual({
        weth: expect.closeTo(2, 6),
        cached: false,
      });
      await chain.request({ method: "evm_mine" as never, params: [] as never });
      await marketObject().invalidate();
      // A new capability (memory gone): the kept read, not a new one.
      expect(await suppliedWeth(portfolioAfterEviction(state), account.address)).toEqual({
        weth: expect.closeTo(2, 6),
        cached: true,
      });
    });
  });

  it("are dropped when the chain's head is below the one they were kept at: the chain went back meanwhile", async () => {
    const account = await fundedAccount();
    const beforeSupply = await chain.request({ method: "evm_snapshot" as never, params: [] as never });
    await supply(devnetSession(rpcUrl, devnetDeployment), account, "WETH", "2");
    await marketObject().invalidate();
    const stub = env.USER.getByName(crypto.randomUUID());
    await runInDurableObject(stub, async (_instance, state) => {
      expect((await suppliedWeth(portfolioAfterEviction(state), account.address)).weth).toBeCloseTo(2, 6);

      // Evicted; meanwhile the supply is reverted (as a reorg would drop it).
      await chain.request({ method: "evm_revert" as never, params: [beforeSupply] as never });
      await marketObject().invalidate();
      expect(await suppliedWeth(portfolioAfterEviction(state), account.address)).toEqual({
        weth: 0,
        cached: false,
      });
    });
  });
});
