import { type Address, erc20Abi, type PublicClient } from "viem";
import { findToken } from "../../shared/chains";
import type { ChainConfig } from "../../shared/chains/types";
import type { Action } from "../../shared/schemas/rules";

/**
 * The warning a saved repay or supply_collateral rule carries when the wallet holds none of the asset it acts with,
 * read on the chain. Not a refusal: the user may fund the wallet later. Null when there is nothing to warn about,
 * or when the balance could not be read: a warning is never worth failing a save that already happened (the
 * rule's own "cannot act" notice says it if it fires with an empty wallet).
 */
export async function walletHoldsNoneWarning(input: {
  client: PublicClient;
  chain: ChainConfig;
  action: Action;
  owner: Address;
}): Promise<string | null> {
  const { client, chain, action, owner } = input;
  if (action.type !== "repay" && action.type !== "supply_collateral") return null;
  const token = findToken(chain, action.asset);
  if (!token) return null;
  try {
    const balance = await client.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
    if (balance > 0n) return null;
  } catch {
    return null;
  }
  const does = action.type === "repay" ? "repay" : "supply";
  return `Your wallet holds no ${token.symbol}: this rule will not be able to ${does} until it does.`;
}
