import { describe, expect, it } from "vitest";
import type { Eip1193Provider } from "./eip1193";
import { switchChain } from "./switchChain";

/** A wallet on `start` that knows `knows`; `refuse` plays the user saying no to a switch or an add. */
function wallet(opts: { start: number; knows: number[]; refuse?: "switch" | "add"; addSwitches?: boolean }) {
  let chain = opts.start;
  const known = new Set(opts.knows);
  const log: string[] = [];
  const provider: Eip1193Provider = {
    async request({ method, params }) {
      const [first] = (params ?? []) as [{ chainId: string; chainName?: string; rpcUrls?: string[] }];
      log.push(first ? `${method} ${first.chainId}${first.chainName ? ` ${first.chainName}` : ""}` : method);
      if (method === "eth_chainId") return `0x${chain.toString(16)}`;
      const wanted = first ? Number.parseInt(first.chainId, 16) : 0;
      if (method === "wallet_switchEthereumChain") {
        if (opts.refuse === "switch") throw Object.assign(new Error("User rejected"), { code: 4001 });
        if (!known.has(wanted)) throw Object.assign(new Error("Unrecognized chain"), { code: 4902 });
        chain = wanted;
        return null;
      }
      if (method === "wallet_addEthereumChain") {
        if (opts.refuse === "add") throw Object.assign(new Error("User rejected"), { code: 4001 });
        expect(first.rpcUrls?.length).toBeGreaterThan(0);
        known.add(wanted);
        if (opts.addSwitches) chain = wanted;
        return null;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
  return { provider, log };
}

describe("switching the wallet to the proposal's chain for the user", () => {
  it("asks nothing when the wallet is already there", async () => {
    const { provider, log } = wallet({ start: 31337, knows: [31337] });
    expect(await switchChain(provider, 31337, 31337)).toBe(31337);
    expect(log).toEqual([]);
  });

  it("switches a wallet that knows the chain", async () => {
    const { provider, log } = wallet({ start: 1, knows: [1, 8453] });
    expect(await switchChain(provider, 8453, 1)).toBe(8453);
    expect(log).toEqual(["wallet_switchEthereumChain 0x2105", "eth_chainId"]);
  });

  it("adds a chain the wallet does not know (4902), then switches to it", async () => {
    const { provider, log } = wallet({ start: 1, knows: [1] });
    expect(await switchChain(provider, 8453, 1)).toBe(8453);
    expect(log).toEqual([
      "wallet_switchEthereumChain 0x2105",
      "wallet_addEthereumChain 0x2105 Base",
      "eth_chainId",
      "wallet_switchEthereumChain 0x2105",
      "eth_chainId",
    ]);
  });

  it("does not switch twice when adding already switched (MetaMask)", async () => {
    const { provider, log } = wallet({ start: 1, knows: [1], addSwitches: true });
    expect(await switchChain(provider, 42161, 1)).toBe(42161);
    expect(log.filter((l) => l.startsWith("wallet_switchEthereumChain"))).toHaveLength(1);
  });

  it("a user who declines the switch or the add ends it in words, nothing sent", async () => {
    await expect(
      switchChain(wallet({ start: 1, knows: [1, 8453], refuse: "switch" }).provider, 8453, 1),
    ).rejects.toMatchObject({
      code: "rejected",
      message: "You declined to switch the wallet to Base; nothing was sent.",
    });
    await expect(
      switchChain(wallet({ start: 1, knows: [1], refuse: "add" }).provider, 8453, 1),
    ).rejects.toMatchObject({ code: "rejected" });
  });

  it("a chain Vigil cannot describe is not added blindly", async () => {
    await expect(switchChain(wallet({ start: 1, knows: [1] }).provider, 999_999, 1)).rejects.toThrow(
      "Vigil cannot describe it",
    );
  });
});
