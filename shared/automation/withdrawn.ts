/**
 * A proposal Vigil withdrew (its rule paused or deleted before the user approved it) ends `rejected`, like one the
 * user rejected, with this on its error: the server writes it, the popup's history reads it back as "Withdrawn".
 */
const WITHDRAWN_PREFIX = "withdrawn: ";

/** The stored error of a withdrawn proposal: `because` is a clause, "you paused its rule "Keep HF up"". */
export const withdrawnError = (because: string): string => `${WITHDRAWN_PREFIX}${because}`;

/** Why a proposal was withdrawn (the clause), or null when its error says it was not. */
export function withdrawnBecause(error: string | null): string | null {
  return error?.startsWith(WITHDRAWN_PREFIX) ? error.slice(WITHDRAWN_PREFIX.length) : null;
}
