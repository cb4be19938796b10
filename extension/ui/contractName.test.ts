import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../shared/chains/devnet";
import { contractLabel, contractName } from "./contractName";

const DEVNET = 31337;

describe("contractName", () => {
  it("names the devnet's Aave Pool, tokens and EigenLayer contracts from the chain config", () => {
    expect(contractName(DEVNET, devnetDeployment.contracts.pool)).toBe("Aave Pool");
    expect(contractName(DEVNET, devnetDeployment.reserves.DAI.underlying)).toBe("DAI token");
    expect(contractName(DEVNET, devnetDeployment.reserves.wstETH.underlying)).toBe("wstETH token");
    expect(contractName(DEVNET, devnetDeployment.eigenLayer.strategyManager)).toBe(
      "EigenLayer StrategyManager",
    );
    expect(contractName(DEVNET, devnetDeployment.eigenLayer.strategies.wstETH)).toBe(
      "EigenLayer wstETH strategy",
    );
  });

  it("matches addresses whatever their case, per chain", () => {
    expect(contractName(DEVNET, devnetDeployment.contracts.pool.toLowerCase())).toBe("Aave Pool");
    expect(contractName(1, "0x87870bca3f3fd6335c3f4ce8392d69350b4fa4e2")).toBe("Aave Pool");
    // The devnet's pool is not a contract Vigil knows on Ethereum.
    expect(contractName(1, devnetDeployment.contracts.pool)).toBeNull();
    expect(contractName(999_999, devnetDeployment.contracts.pool)).toBeNull();
  });

  it("labels a known contract by name and short address, an unknown one by its short address", () => {
    expect(contractLabel(DEVNET, devnetDeployment.contracts.pool)).toBe("Aave Pool (0x3246…aA08)");
    expect(contractLabel(DEVNET, "0x1111111111111111111111111111111111111111")).toBe("0x1111…1111");
  });
});
