import type { RuleDraft } from "./ruleDraft";

/** What every section of the rule form gets: the draft, a setter per field, and the API's errors by path. */
export interface RuleFormSectionProps {
  draft: RuleDraft;
  set: <K extends keyof RuleDraft>(key: K) => (value: RuleDraft[K]) => void;
  errors: Record<string, string>;
}
