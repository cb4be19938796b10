import type { Rule } from "../../../shared/schemas/rules";

/** What the API said when a rule was last saved: ids of saved rules → their warnings (none: the entry is gone). */
export type SavedWarnings = ReadonlyMap<string, readonly string[]>;

/** The warnings after a save: the answer's own replace the rule's earlier ones (an edit that fixed it clears them). */
export function withSavedWarnings(
  previous: SavedWarnings,
  saved: Pick<Rule, "id" | "warnings">,
): SavedWarnings {
  const next = new Map(previous);
  if (saved.warnings && saved.warnings.length > 0) next.set(saved.id, saved.warnings);
  else next.delete(saved.id);
  return next;
}

/**
 * What to say under a rule: the list's own warnings, read when it was loaded, so they show on every open; else
 * those of this popup's last save of it (the list's read may have failed, and then carries none).
 */
export function ruleWarnings(
  rule: Pick<Rule, "id" | "enabled" | "warnings">,
  saved: SavedWarnings,
): readonly string[] | undefined {
  if (!rule.enabled) return undefined; // a paused rule acts on nothing
  return rule.warnings ?? saved.get(rule.id);
}

/** Shown under a saved rule: it is saved, but it will not be able to act until the user does something. */
export function SavedRuleWarnings({ warnings }: { warnings: readonly string[] | undefined }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <>
      {warnings.map((warning) => (
        <p key={warning} className="small warning-text" role="status" data-testid="rule-warning">
          {warning}
        </p>
      ))}
    </>
  );
}
