import { type Address, erc20Abi } from "viem";
import type { DevnetReserve } from "../../shared/chains/devnet";
import { testErc20Abi } from "../abis/testErc20";
import { createTxSender } from "../deploy/context";
import type { DevnetAccount } from "../seed/accounts";
import type { DevnetSession } from "../session";

/**
 * Makes sure `account` holds `amount` of the reserve's token (minting the shortfall: devnet tokens are open-mint)
 * and has approved `spender` for it.
 */
export async function fundAndApprove(
  session: DevnetSession,
  account: DevnetAccount,
  reserve: DevnetReserve,
  amount: bigint,
  spender: Address,
): Promise<void> {
  const sender = createTxSender(session.clients, account.privateKey);
  const balance = await session.clients.publicClient.readContract({
    address: reserve.underlying,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account.address],
  });
  if (balance < amount) {
    await sender.write(`mint ${reserve.symbol}`, reserve.underlying, testErc20Abi, "mint", [
      account.address,
      amount - balance,
    ]);
  }
  await sender.write(`approve ${reserve.symbol}`, reserve.underlying, erc20Abi, "approve", [spender, amount]);
}
