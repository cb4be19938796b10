import { type SupersededProposal, supersededWords } from "../ui/superseded";

/**
 * Above the Sign button of a proposal the rescue replaces: the position is liquidatable now, what this one would
 * leave, and where the step sized on today's position is. Signing stays possible, but never without this said.
 */
export function SupersededNotice({ superseded }: { superseded: SupersededProposal }) {
  return (
    <div className="notice error" role="alert" data-testid="approval-superseded">
      <strong>Your position is liquidatable now.</strong> {supersededWords(superseded, false)} Vigil's popup
      offers a rescue sized on your position as it is now; reject this one unless you mean to sign it anyway.
    </div>
  );
}

/** The Sign button's words: "Sign anyway" once the page has said the rescue replaces this proposal. */
export function signLabel(declined: boolean, superseded: boolean, walletName: string | null): string {
  const verb = declined ? "Sign again" : superseded ? "Sign anyway" : "Sign";
  return `${verb}${walletName ? ` with ${walletName}` : " with wallet"}`;
}
