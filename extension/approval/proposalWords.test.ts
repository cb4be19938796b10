import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../shared/chains/devnet";
import { proposal } from "../background/proposal.fixture";
import { isNewerProposal, networkFee, stepDetails } from "./proposalWords";

const step = (to: string, value = "0") => ({
  chainId: 31337,
  to: to as `0x${string}`,
  data: "0x" as const,
  value,
  description: "Repay 500 DAI",
  gas: "210000",
});

describe("stepDetails", () => {
  it("names the contract and never shows the raw gas limit", () => {
    expect(stepDetails(step(devnetDeployment.contracts.pool))).toBe(
      "to Aave Pool (0x3246…aA08) · Local devnet",
    );
    expect(stepDetails(step(devnetDeployment.reserves.DAI.underlying))).toBe(
      "to DAI token (0xa513…C853) · Local devnet",
    );
  });

  it("formats ETH sent with the one amount formatter", () => {
    expect(stepDetails(step(devnetDeployment.contracts.pool, "1234567890000000000"))).toBe(
      "to Aave Pool (0x3246…aA08) · Local devnet · sends 1.2346 ETH",
    );
  });
});

describe("networkFee", () => {
  it("gives the fee as money, with the ETH amount formatted like every other amount", () => {
    const fee = networkFee({
      gasLimit: "210000",
      maxFeePerGas: "2000000000",
      maxPriorityFeePerGas: "1000000000",
      costEth: 0.00042,
      costUsd: 1.26,
    });
    expect(fee).toEqual({ usd: "$1.26", eth: "0.00042 ETH" });
  });
});

describe("isNewerProposal", () => {
  const submitted = proposal({ status: "submitted", updatedAt: "2026-11-25T16:01:00.000Z" });
  const confirmed = proposal({ status: "confirmed", updatedAt: "2026-11-25T16:01:05.000Z" });

  it("takes the confirmation as soon as it arrives", () => {
    expect(isNewerProposal(submitted, confirmed)).toBe(true);
    expect(isNewerProposal(null, confirmed)).toBe(true);
  });

  it("does not let a late, older answer pull Confirmed back to Sent", () => {
    expect(isNewerProposal(confirmed, submitted)).toBe(false);
  });
});
