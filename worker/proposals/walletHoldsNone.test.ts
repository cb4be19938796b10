import { createPublicClient, custom, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { devnetChainConfig as devnet } from "../../shared/chains/devnet";
import { rpcUrl } from "../test/devnet";
import { walletHoldsNoneWarnings } from "./walletHoldsNone";

const owner = privateKeyToAccount(generatePrivateKey()).address;
const action = { type: "supply_collateral", chainId: 31337, asset: "LINK", targetHealthFactor: 1.5 } as const;

describe("walletHoldsNoneWarnings", () => {
  it("reads the balance on the chain: an empty wallet is said, with the asset and what the rule does", async () => {
    const client = createPublicClient({ transport: http(rpcUrl) });
    expect(await walletHoldsNoneWarnings({ client, chain: devnet, action, owner })).toEqual([
      "Your wallet holds no LINK: this rule will not be able to supply until it does.",
    ]);
  });

  it("an RPC that fails gives no answer (undefined) instead of an error (the save already happened)", async () => {
    let asked = 0;
    const client = createPublicClient({
      transport: custom({
        request: async () => {
          asked++;
          throw new Error("RPC down");
        },
      }),
    });
    expect(await walletHoldsNoneWarnings({ client, chain: devnet, action, owner })).toBeUndefined();
    expect(asked).toBeGreaterThan(0);
  });

  it("a notify rule holds no asset: nothing to read", async () => {
    let asked = 0;
    const client = createPublicClient({
      transport: custom({
        request: async () => {
          asked++;
          return "0x";
        },
      }),
    });
    expect(
      await walletHoldsNoneWarnings({ client, chain: devnet, action: { type: "notify" }, owner }),
    ).toEqual([]);
    expect(asked).toBe(0);
  });
});
