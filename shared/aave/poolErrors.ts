/**
 * Aave V3's Pool reverts with a numeric code (Errors.sol: `RESERVE_PAUSED = '29'`). These are the codes a
 * supply, repay or withdraw can hit, in the user's words, with what they can try; the codes come from
 * @aave/core-v3's Errors.sol, the contracts the devnet deploys.
 */
export interface PoolErrorWords {
  /** What went wrong, as a clause: "Aave has paused its USDC market". */
  said: string;
  /** What the user can do about it, as an imperative clause. */
  fix: string;
  /** Who said no, with their own words for it: "Aave error 29", "the DAI token's “TestERC20: balance”". */
  source: string;
}

const TRIES_AGAIN = "the rule tries again on every check";

const WORDS: Record<string, (symbol: string) => Omit<PoolErrorWords, "source">> = {
  "26": () => ({
    said: "Aave refused an amount of 0",
    fix: `check that your wallet and position still hold what the rule moves; ${TRIES_AGAIN}`,
  }),
  "27": (s) => ({
    said: `Aave's ${s} market is inactive`,
    fix: `change the rule to use another asset`,
  }),
  "28": (s) => ({
    said: `Aave has frozen its ${s} market, so it takes no new ${s} supply`,
    fix: `change the rule to supply another asset, or to repay debt instead; ${TRIES_AGAIN}`,
  }),
  "29": (s) => ({
    said: `Aave has paused its ${s} market, so nobody can supply, repay or withdraw ${s} until Aave resumes it`,
    fix: `wait for Aave to resume it (${TRIES_AGAIN}), or add a rule that acts with another asset`,
  }),
  "32": (s) => ({
    said: `you cannot withdraw more ${s} than you have available on Aave`,
    fix: `lower the rule's max amount; ${TRIES_AGAIN}`,
  }),
  "35": (s) => ({
    said: `withdrawing this ${s} would leave your position liquidatable`,
    fix: "repay some debt or supply more collateral first, or lower the rule's max amount",
  }),
  "39": (s) => ({
    said: `you have no ${s} debt of the kind being repaid`,
    fix: `change the rule to repay an asset you owe`,
  }),
  "42": (s) => ({
    said: `you have no variable-rate ${s} debt to repay`,
    fix: `change the rule to repay an asset you owe`,
  }),
  "51": (s) => ({
    said: `Aave's ${s} market is full (its supply cap is reached)`,
    fix: `lower the rule's max amount to what still fits, or change it to supply another asset; ${TRIES_AGAIN}`,
  }),
  "57": (s) => ({
    said: `Aave blocks withdrawing ${s} while you hold collateral with an LTV of 0`,
    fix: "withdraw or turn off as collateral the assets Aave no longer lends against, then try again",
  }),
  "59": () => ({
    said: "Aave's price-oracle sentinel refused the action (the chain's sequencer is down or just came back)",
    fix: `wait for the chain to recover; ${TRIES_AGAIN}`,
  }),
  "62": (s) => ({
    said: `your account is in Aave's isolation mode, or ${s}'s LTV is 0, so ${s} cannot be used as collateral`,
    fix: "change the rule to supply an asset Aave counts as collateral",
  }),
};

/**
 * What the asset's token says when the Pool cannot take it from the wallet (OpenZeppelin's "ERC20: transfer amount
 * exceeds balance", DAI's "Dai/insufficient-balance", the devnet's "TestERC20: balance"…, and the same for the
 * allowance): a repay or supply of more than the wallet holds now, or a step signed without its approval.
 */
const TOKEN_WORDS: { reason: RegExp; words: (symbol: string) => Omit<PoolErrorWords, "source"> }[] = [
  {
    reason: /exceeds balance|insufficient[-_ ]balance|balance too low|: balance$/i,
    words: (s) => ({
      said: `your wallet holds less ${s} than this sends`,
      fix: `put the ${s} back in your wallet, or lower the rule's max amount; ${TRIES_AGAIN}`,
    }),
  },
  {
    reason: /allowance/i,
    words: (s) => ({
      said: `the Aave Pool may not take this much of your ${s} (its approval is missing or lower)`,
      fix: "sign the approval step before the one that uses it",
    }),
  },
];

/**
 * The words for a revert reason of a supply, repay or withdraw: an Aave Pool code ("29") or what the asset's token
 * says of a balance or allowance; null when it is neither.
 */
export function poolErrorWords(revertReason: string, symbol: string): PoolErrorWords | null {
  const reason = revertReason.trim();
  const aave = Object.hasOwn(WORDS, reason) ? WORDS[reason] : undefined;
  if (aave) return { ...aave(symbol), source: `Aave error ${reason}` };
  const token = TOKEN_WORDS.find((known) => known.reason.test(reason));
  return token ? { ...token.words(symbol), source: `the ${symbol} token's “${reason}”` } : null;
}
