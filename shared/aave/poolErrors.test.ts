import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { poolErrorWords } from "./poolErrors";

/** The codes as Aave's own Errors.sol defines them (the contracts the devnet deploys): the words must name the right one. */
function aaveErrorCodes(): Map<string, string> {
  const path = createRequire(import.meta.url).resolve(
    "@aave/core-v3/contracts/protocol/libraries/helpers/Errors.sol",
  );
  const codes = new Map<string, string>();
  for (const [, name, code] of readFileSync(path, "utf8").matchAll(/constant (\w+) = '(\d+)'/g))
    if (name && code) codes.set(name, code);
  return codes;
}

describe("poolErrorWords", () => {
  const codes = aaveErrorCodes();
  const code = (name: string) => {
    const found = codes.get(name);
    if (!found) throw new Error(`${name} is not in Errors.sol`);
    return found;
  };

  it("says a paused reserve and what to try", () => {
    expect(poolErrorWords(code("RESERVE_PAUSED"), "USDC")).toEqual({
      said: "Aave has paused its USDC market, so nobody can supply, repay or withdraw USDC until Aave resumes it",
      fix: "wait for Aave to resume it (the rule tries again on every check), or add a rule that acts with another asset",
      source: "Aave error 29",
    });
  });

  it.each([
    ["RESERVE_FROZEN", /frozen its WETH market/],
    ["RESERVE_INACTIVE", /WETH market is inactive/],
    ["SUPPLY_CAP_EXCEEDED", /supply cap is reached/],
    ["HEALTH_FACTOR_LOWER_THAN_LIQUIDATION_THRESHOLD", /liquidatable/],
    ["NO_OUTSTANDING_VARIABLE_DEBT", /no variable-rate WETH debt/],
    ["PRICE_ORACLE_SENTINEL_CHECK_FAILED", /sequencer/],
  ])("%s names what happened", (name, said) => {
    expect(poolErrorWords(code(name), "WETH")?.said).toMatch(said);
  });

  it.each(["ERC20: transfer amount exceeds balance", "Dai/insufficient-balance", "TestERC20: balance"])(
    "says a wallet that holds less than the step sends (%s), naming the token's words",
    (reason) => {
      expect(poolErrorWords(reason, "DAI")).toMatchObject({
        said: "your wallet holds less DAI than this sends",
        source: `the DAI token's “${reason}”`,
      });
    },
  );

  it("says a missing approval", () => {
    expect(poolErrorWords("ERC20: insufficient allowance", "USDC")?.said).toBe(
      "the Aave Pool may not take this much of your USDC (its approval is missing or lower)",
    );
  });

  it("knows nothing of other reasons", () => {
    expect(poolErrorWords(code("BORROW_CAP_EXCEEDED"), "WETH")).toBeNull();
    expect(poolErrorWords("toString", "WETH")).toBeNull();
    // Not a token's refusal: gas the wallet cannot pay is no word about the asset.
    expect(poolErrorWords("insufficient funds for gas * price + value", "WETH")).toBeNull();
  });
});
