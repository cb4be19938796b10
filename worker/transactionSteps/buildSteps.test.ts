import { describe, expect, it } from "vitest";
import { allowlistFor } from "../../shared/chains/allowlist";
import { devnetChainConfig } from "../../shared/chains/devnet";
import { buildSteps } from "./buildSteps";

const allowlist = allowlistFor(devnetChainConfig);
const dai = devnetChainConfig.tokens.find((token) => token.symbol === "DAI");
const user = "0x00000000000000000000000000000000000000aa";

describe("the words of a proposal's steps", () => {
  it("say the amount as every screen does: grouped, four decimals (not 7322.742476 DAI)", () => {
    if (!dai) throw new Error("the devnet has no DAI");
    const steps = buildSteps(allowlist, user, {
      action: "repay",
      token: dai,
      amount: 7_322_742_476_000_000_000_000n,
    });
    expect(steps.map((step) => step.description)).toEqual([
      "Allow the Aave Pool to take 7,322.7425 DAI",
      "Repay 7,322.7425 DAI of your Aave debt",
    ]);
  });
});
