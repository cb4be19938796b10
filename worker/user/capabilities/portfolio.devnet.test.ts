import { env } from "cloudflare:workers";
import { type Hex, numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { supply } from "../../../devnet/actions/supply";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { devnetDeployment } from "../../../shared/chains/devnet";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import { chain, marketObject, revertChainAfterEachTest, rpcUrl } from "../../test/devnet";

revertChainAfterEachTest();

async function suppliedWeth(stub: ReturnType<typeof env.USER.getByName>, address: Hex): Promise<number> {
  const outcome = await stub.getPortfolio(address);
  if (!outcome.ok) throw new Error(outcome.failure.message);
  const portfolio: Portfolio = outcome.value;
  const account = portfolio.aave.find((a) => a.chainId === 31337);
  return account?.supplies.find((s) => s.symbol === "WETH")?.amount ?? 0;
}

describe("cached positions and a chain that went back", () => {
  it("a market head below the last one seen drops the cached positions (they may no longer exist)", async () => {
    const privateKey = generatePrivateKey();
    const address = privateKeyToAccount(privateKey).address;
    const account = { name: "supplier", address, privateKey } as DevnetAccount;
    const stub = env.USER.getByName(crypto.randomUUID());
    const beforeSupply = await chain.request({ method: "evm_snapshot" as never, params: [] as never });

    await chain.request({
      method: "anvil_setBalance" as never,
      params: [address, numberToHex(parseEther("10"))] as never,
    });
    await supply(devnetSession(rpcUrl, devnetDeployment), account, "WETH", "2");
    await marketObject().invalidate();
    expect(await suppliedWeth(stub, address)).toBeCloseTo(2, 6);

    // The supply is reverted (as a reorg would drop it), well inside the positions' 30 s cache.
    await chain.request({ method: "evm_revert" as never, params: [beforeSupply] as never });
    await marketObject().invalidate();
    expect(await suppliedWeth(stub, address)).toBe(0);
  });
});
