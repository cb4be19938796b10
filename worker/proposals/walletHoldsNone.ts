import { type Address, erc20Abi, type PublicClient } from "viem";
import { findToken } from "../../shared/chains";
import type { ChainConfig } from "../../shared/chains/types";
import type { Action } from "../../shared/schemas/rules";

/**
 * The warnings a repay or supply_collateral rule carries when the wallet holds none of the asset it acts with, read
 * on the chain: one, or none ([]; also for a rule that acts with no token). Not a refusal: the user may fund the
 * wallet later. `undefined` when the balance could not be read: a warning is never worth failing an answer (a save
 * already happened), and the rule's own "cannot act" notice says it if it fires with an empty wallet.
 */
export async function walletHoldsNoneWarnings(input: {
  client: PublicClient;
  chain: ChainConfig;
  action: Action;
  owner: Address;
}): Promise<string[] | undefined> {
  const { client, chain, action, owner } = input;
  if (action.type !== "repay" && action.type !== "supply_collateral") return [];
  const token = findToken(chain, action.asset);
  if (!token) return [];
  try {
    const balance = await client.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
    if (balance > 0n) return [];
  } catch {
    return undefined;
  }
  const does = action.type === "repay" ? "repay" : "supply";
  return [`Your wallet holds no ${token.symbol}: this rule will not be able to ${does} until it does.`];
}
