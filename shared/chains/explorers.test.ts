import { describe, expect, it } from "vitest";
import { chains, transactionExplorerUrl } from "./index";

const HASH = `0x${"ab".repeat(32)}`;

describe("transaction explorer links", () => {
  it("link a mainnet transaction to the chain's own explorer", () => {
    expect(transactionExplorerUrl(1, HASH)).toBe(`https://etherscan.io/tx/${HASH}`);
    expect(transactionExplorerUrl(8453, HASH)).toBe(`https://basescan.org/tx/${HASH}`);
  });

  it("give no link for the devnet or an unknown chain", () => {
    expect(transactionExplorerUrl(31337, HASH)).toBeNull();
    expect(transactionExplorerUrl(999, HASH)).toBeNull();
  });

  it("cover every real network, with an https URL", () => {
    for (const chain of chains.filter((c) => !c.isDevnet)) {
      expect(chain.explorerUrl, chain.name).toMatch(/^https:\/\/[a-z.]+$/);
    }
  });
});
