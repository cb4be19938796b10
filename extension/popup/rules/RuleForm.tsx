import { type FormEvent, useState } from "react";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { Rule } from "../../../shared/schemas/rules";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { BacktestPanel } from "../backtest/BacktestPanel";
import { asMessageError } from "../useBackgroundData";
import { ActionSection } from "./ActionSection";
import { Field } from "./Field";
import { GuardsSection } from "./GuardsSection";
import {
  chainChoices,
  draftProblems,
  draftToBody,
  emptyDraft,
  fieldErrorsByPath,
  inputPaths,
  type RuleDraft,
  ruleToDraft,
} from "./ruleDraft";
import { TriggerSection } from "./TriggerSection";

interface RuleFormProps {
  /** The rule being edited, or null for a new one. */
  rule: Rule | null;
  defaultChainId: number;
  /** The user's positions: the action's assets are chosen from them, and the trigger's suggest them first. */
  portfolio: Portfolio | null;
  onSaved(rule: Rule): void;
  onCancel(): void;
}

/** Create or edit a rule. The API validates; its messages appear next to the inputs they are about. */
export function RuleForm({ rule, defaultChainId, portfolio, onSaved, onCancel }: RuleFormProps) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? ruleToDraft(rule, defaultChainId) : emptyDraft(defaultChainId),
  );
  const [error, setError] = useState<MessageError | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const errors = fieldErrorsByPath(error?.fields);
  const chains = chainChoices(defaultChainId, draft.actionChainId, draft.triggerChainId);
  const shown = new Set(inputPaths(draft));
  const otherErrors = Object.entries(errors).filter(([path]) => !shown.has(path));

  const set =
    <K extends keyof RuleDraft>(key: K) =>
    (value: RuleDraft[K]) =>
      setDraft((old) => ({ ...old, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    // What the form can judge itself is said by its inputs, in their words, before the API is asked.
    const problems = Object.entries(draftProblems(draft));
    if (problems.length > 0) {
      setError({
        code: "validation_failed",
        message: "Check the highlighted fields.",
        fields: problems.map(([path, message]) => ({ path, message })),
      });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = draftToBody(draft) as unknown as Record<string, unknown>;
      const saved = rule
        ? await sendToBackground({ type: "rules/update", ruleId: rule.id, patch: body })
        : await sendToBackground({ type: "rules/create", rule: body });
      onSaved(saved);
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setSaving(false);
    }
  }

  const assets = [...new Set([...heldSymbols(portfolio), "WETH", "wstETH", "USDC", "DAI", "LINK"])];

  return (
    <form className="card stack rule-form" onSubmit={submit} noValidate data-testid="rule-form">
      <div className="spread">
        <h3>{rule ? "Edit rule" : "New rule"}</h3>
        <button type="button" className="button link small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <datalist id="rule-assets">
        {assets.map((symbol) => (
          <option key={symbol} value={symbol} />
        ))}
      </datalist>
      <Field label="Name" error={errors.name}>
        <input
          name="name"
          value={draft.name}
          onChange={(e) => set("name")(e.target.value)}
          placeholder="e.g. Protect my ETH loan"
          maxLength={120}
        />
      </Field>

      <TriggerSection draft={draft} set={set} errors={errors} chains={chains} />
      <ActionSection draft={draft} set={set} errors={errors} chains={chains} portfolio={portfolio} />
      <GuardsSection draft={draft} set={set} errors={errors} chains={chains} />

      <label className="check small">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled")(e.target.checked)} />
        Enabled
      </label>

      {error && (
        <div className="notice error" role="alert" data-testid="rule-form-error">
          {error.fields?.length && otherErrors.length === 0 ? "Check the highlighted fields." : error.message}
          {otherErrors.length > 0 && (
            <ul>
              {otherErrors.map(([path, message]) => (
                <li key={path}>
                  <span className="mono">{path}</span>: {message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit" className="button block" disabled={saving} data-testid="rule-save">
        {saving ? "Saving…" : rule ? "Save changes" : "Create rule"}
      </button>
      {testing ? (
        <BacktestPanel
          target={{ rule: draftToBody(draft) as unknown as Record<string, unknown> }}
          triggerHealthFactor={
            draft.triggerType === "health_factor_below" ? Number(draft.healthFactor) || null : null
          }
          onClose={() => setTesting(false)}
        />
      ) : (
        <button
          type="button"
          className="button link small"
          onClick={() => setTesting(true)}
          data-testid="rule-form-backtest"
        >
          Test on history
        </button>
      )}
    </form>
  );
}

/** Symbols the user holds anywhere, suggested first for the trigger's asset. */
function heldSymbols(portfolio: Portfolio | null): string[] {
  if (!portfolio) return [];
  return [
    ...portfolio.aave.flatMap((a) => [...a.borrows.map((b) => b.symbol), ...a.supplies.map((s) => s.symbol)]),
    ...portfolio.eigenLayer.flatMap((e) => e.positions.map((p) => p.symbol)),
  ];
}
