import { describe, expect, it } from "vitest";
import { linkBytecode, loadAaveArtifact, requiredLibraries } from "./artifacts";

describe("Aave artifact linking", () => {
  it("Pool needs seven logic libraries, PoolConfigurator one", () => {
    expect(requiredLibraries(loadAaveArtifact("Pool")).sort()).toEqual([
      "BorrowLogic",
      "BridgeLogic",
      "EModeLogic",
      "FlashLoanLogic",
      "LiquidationLogic",
      "PoolLogic",
      "SupplyLogic",
    ]);
    expect(requiredLibraries(loadAaveArtifact("PoolConfigurator"))).toEqual(["ConfiguratorLogic"]);
  });

  it("writes each library address at every placeholder and refuses to leave one unlinked", () => {
    const artifact = loadAaveArtifact("PoolConfigurator");
    const address = "0x00000000000000000000000000000000c0ffee01";
    const linked = linkBytecode(artifact, { ConfiguratorLogic: address });
    expect(linked).not.toContain("__$");
    expect(linked.length).toBe(artifact.bytecode.length);
    const offsets = Object.values(artifact.linkReferences).flatMap((l) => l.ConfiguratorLogic ?? []);
    for (const { start } of offsets)
      expect(linked.slice(2 + start * 2, 2 + start * 2 + 40)).toBe(address.slice(2));
    expect(() => linkBytecode(artifact, {})).toThrow(/ConfiguratorLogic not deployed/);
  });
});
