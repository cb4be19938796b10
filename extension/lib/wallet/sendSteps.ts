import { getAddress, isAddress, isAddressEqual, numberToHex } from "viem";
import type { TransactionStep } from "../../../shared/schemas/transactions";
import { type Eip1193Provider, isUserRejection, WalletError } from "./eip1193";
import { switchChain, walletChainId } from "./switchChain";

/** The wallet's current account; it must be the signed-in one, or the steps would act for someone else. */
export async function walletAccount(provider: Eip1193Provider, expected: string): Promise<`0x${string}`> {
  const accounts = await provider.request({ method: "eth_requestAccounts" }).catch((error: unknown) => {
    if (isUserRejection(error)) throw new WalletError("rejected", "You declined to connect the wallet.");
    throw error;
  });
  const list = Array.isArray(accounts) ? accounts.filter((a): a is string => typeof a === "string") : [];
  const match = list.find(
    (a) => isAddress(a, { strict: false }) && isAddressEqual(a, expected as `0x${string}`),
  );
  if (!match) {
    throw new WalletError(
      "no_account",
      `The wallet does not offer ${expected}, the account you signed in with. Switch accounts in the wallet.`,
    );
  }
  return getAddress(match);
}

/**
 * Sends each step through the user's wallet (eth_sendTransaction from their account), one after another: the
 * wallet signs, Vigil never holds a key. A hash the wallet returns counts only once `confirmOnChain` has seen it
 * mined on Vigil's own node as exactly that step (stepOnChain.ts), and the next step waits for that (an approval
 * before a repay must land first). Returns the hashes in step order; `onStep` reports progress.
 *
 * `alreadySent` are hashes of the first steps from an earlier attempt (the wallet declined a later one): each is
 * checked on the chain the same way and not sent again; the wallet is asked only from the first unsent step.
 */
export async function sendSteps(
  provider: Eip1193Provider,
  from: `0x${string}`,
  steps: readonly TransactionStep[],
  onStep: (index: number, hash: string | null) => void,
  confirmOnChain: (step: TransactionStep, index: number, hash: `0x${string}`) => Promise<void>,
  alreadySent: readonly `0x${string}`[] = [],
): Promise<`0x${string}`[]> {
  const hashes: `0x${string}`[] = [];
  for (const [index, hash] of alreadySent.slice(0, steps.length).entries()) {
    const step = steps[index] as TransactionStep;
    const sent = hash.toLowerCase() as `0x${string}`;
    await confirmOnChain(step, index, sent);
    hashes.push(sent);
  }
  for (const [index, step] of steps.entries()) {
    if (index < hashes.length) continue;
    // The wallet is put on the step's chain for the user (it asks them), never "switch networks yourself". Its
    // chain is asked again before every step: the user may have switched it while the previous one was mined.
    await switchChain(provider, step.chainId, await walletChainId(provider));
    onStep(index, null);
    const hash = await provider
      .request({
        method: "eth_sendTransaction",
        params: [
          {
            from,
            // A switch in the wallet between the check above and this call must not send it elsewhere: MetaMask
            // refuses a transaction whose chainId is not the chain it is on.
            chainId: numberToHex(step.chainId),
            to: step.to,
            data: step.data,
            value: numberToHex(BigInt(step.value)),
            ...(step.gas ? { gas: numberToHex(BigInt(step.gas)) } : {}),
          },
        ],
      })
      .catch((error: unknown) => {
        if (isUserRejection(error))
          throw new WalletError("rejected", "You declined the transaction in the wallet.");
        throw error;
      });
    if (typeof hash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
      throw new WalletError("bad_answer", "The wallet returned no transaction hash.");
    }
    const sent = hash.toLowerCase() as `0x${string}`;
    if (hashes.includes(sent))
      throw new WalletError("bad_answer", `The wallet returned the same hash for two steps (${sent}).`);
    onStep(index, sent);
    await confirmOnChain(step, index, sent);
    hashes.push(sent);
  }
  return hashes;
}
