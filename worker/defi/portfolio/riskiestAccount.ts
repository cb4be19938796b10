import type { AaveAccount } from "../../../shared/schemas/portfolio";

/** The Aave account closest to liquidation (lowest health factor); null when no account has debt. */
export function riskiestAaveAccount(accounts: readonly AaveAccount[]): AaveAccount | null {
  let riskiest: AaveAccount | null = null;
  for (const account of accounts) {
    if (account.healthFactor === null) continue;
    if (riskiest === null || account.healthFactor < (riskiest.healthFactor ?? Infinity)) riskiest = account;
  }
  return riskiest;
}
