import { findChain } from "../chains";
import type { WatchedProblem } from "../schemas/watchedAccounts";

/** "0x1234…abcd": an address as people compare it. */
export const shortAddress = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** A watched account as the user named it: "“Treasury” (0x1234…abcd)", or its short address when unnamed. */
export function watchedAccountName(account: { address: string; label: string | null }): string {
  const short = shortAddress(account.address);
  return account.label ? `“${account.label}” (${short})` : short;
}

/** The words of a watched account's watch problem, naming the account (the owner may watch several). */
export function watchedProblemWords(
  account: { address: string; label: string | null },
  problem: WatchedProblem,
): { title: string; message: string } {
  const name = watchedAccountName(account);
  const chainId = problem.key.startsWith("chain:") ? Number(problem.key.slice("chain:".length)) : null;
  if (chainId !== null) {
    const chain = findChain(chainId)?.name ?? "one of its chains";
    return problem.state === "failing"
      ? {
          title: `Vigil cannot read ${name} on ${chain}`,
          message: `${chain} is not answering, so no risk alert about this account can come from it. Vigil keeps trying and will tell you when it reads it again.`,
        }
      : {
          title: `Vigil reads ${name} on ${chain} again`,
          message: "Its risk alerts come as usual again.",
        };
  }
  return problem.state === "failing"
    ? {
        title: `Checks of ${name} have stopped working`,
        message:
          "They failed on each of their last runs: no risk alert about this account can come until they run again. Vigil keeps trying and will tell you when they work again.",
      }
    : {
        title: `Checks of ${name} work again`,
        message: "They ran without error: its risk alerts come as usual again.",
      };
}
