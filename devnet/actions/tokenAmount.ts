import { parseUnits } from "viem";
import type { DevnetReserve, DevnetReserveSymbol } from "../../shared/chains/devnet";
import type { DevnetSession } from "../session";

/** Finds a reserve by symbol, case-insensitively (users type "weth" or "WSTETH"). */
export function reserveBySymbol(session: DevnetSession, symbol: string): DevnetReserve {
  const entry = Object.entries(session.info.reserves).find(([s]) => s.toLowerCase() === symbol.toLowerCase());
  if (!entry) {
    throw new Error(
      `unknown token "${symbol}" (devnet reserves: ${Object.keys(session.info.reserves).join(", ")})`,
    );
  }
  return entry[1];
}

/** Human amount ("1.5") to base units; rejects junk instead of guessing. */
export function parseTokenAmount(amount: string, reserve: DevnetReserve): bigint {
  if (!/^\d+(\.\d+)?$/.test(amount))
    throw new Error(`amount must be a positive decimal number, got "${amount}"`);
  const value = parseUnits(amount, reserve.decimals);
  if (value === 0n) throw new Error(`amount must be greater than 0 ${reserve.symbol}`);
  return value;
}

export type { DevnetReserveSymbol };
