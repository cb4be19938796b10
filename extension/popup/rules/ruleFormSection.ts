import type { RuleDraft } from "./ruleDraft";

/**
 * What every section of the rule form gets: the draft, a setter per field, the errors by path (the form's own
 * checks and the API's), and the chains to offer.
 */
export interface RuleFormSectionProps {
  draft: RuleDraft;
  set: <K extends keyof RuleDraft>(key: K) => (value: RuleDraft[K]) => void;
  errors: Record<string, string>;
  /** Chain ids offered by name, the account's own first. */
  chains: number[];
}
