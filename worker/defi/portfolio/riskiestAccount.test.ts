import { describe, expect, it } from "vitest";
import type { AaveAccount } from "../../../shared/schemas/portfolio";
import { riskiestAaveAccount } from "./riskiestAccount";

const account = (chainId: number, healthFactor: number | null) => ({ chainId, healthFactor }) as AaveAccount;

describe("riskiestAaveAccount", () => {
  it("picks the lowest health factor, skipping accounts without debt", () => {
    const accounts = [account(1, 2.1), account(10, null), account(42161, 1.08), account(137, 1.5)];
    expect(riskiestAaveAccount(accounts)?.chainId).toBe(42161);
  });

  it("is null when no account has debt", () => {
    expect(riskiestAaveAccount([account(1, null), account(10, null)])).toBeNull();
    expect(riskiestAaveAccount([])).toBeNull();
  });
});
