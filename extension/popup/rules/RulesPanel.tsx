import { useState } from "react";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { Rule } from "../../../shared/schemas/rules";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { formatAge } from "../../ui/format";
import { useApiOffline } from "../apiOffline";
import { BacktestPanel } from "../backtest/BacktestPanel";
import { asMessageError, useBackgroundData } from "../useBackgroundData";
import { cooldownText } from "./cooldownText";
import { RuleForm } from "./RuleForm";
import { ruleCheckedText } from "./ruleCheckedText";
import { describeRule } from "./ruleDraft";
import { ruleLimitReached } from "./ruleLimit";
import { ruleWarnings, SavedRuleWarnings, type SavedWarnings, withSavedWarnings } from "./SavedRuleWarnings";

interface RulesPanelProps {
  defaultChainId: number;
  /** The user's positions (the rule form offers what an action can use). */
  portfolio: Portfolio | null;
  /** null = unlimited (Pro). */
  maxRules: number | null;
}

type Editing =
  | { kind: "none" }
  | { kind: "new" }
  | { kind: "edit"; rule: Rule }
  | { kind: "test"; rule: Rule };

export function RulesPanel({ defaultChainId, portfolio, maxRules }: RulesPanelProps) {
  const offline = useApiOffline();
  const list = useBackgroundData(() => sendToBackground({ type: "rules/list" }), "rules");
  const [editing, setEditing] = useState<Editing>({ kind: "none" });
  const [actionError, setActionError] = useState<MessageError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  // Kept beside the list: a refresh of the list (which never carries them) must not drop what the save said.
  const [savedWarnings, setSavedWarnings] = useState<SavedWarnings>(new Map());
  const rules = list.data?.rules ?? [];

  const replace = (saved: Rule) =>
    list.setData((old) => {
      const others = (old?.rules ?? []).filter((r) => r.id !== saved.id);
      const index = (old?.rules ?? []).findIndex((r) => r.id === saved.id);
      if (index < 0) return { rules: [...others, saved] };
      others.splice(index, 0, saved);
      return { rules: others };
    });

  async function run(ruleId: string, work: () => Promise<void>) {
    setBusy(ruleId);
    setActionError(null);
    try {
      await work();
    } catch (cause) {
      setActionError(asMessageError(cause));
    } finally {
      setBusy(null);
    }
  }

  const toggle = (rule: Rule) =>
    run(rule.id, async () => {
      replace(await sendToBackground({ type: "rules/setEnabled", ruleId: rule.id, enabled: !rule.enabled }));
    });
  const remove = (rule: Rule) =>
    run(rule.id, async () => {
      await sendToBackground({ type: "rules/delete", ruleId: rule.id });
      setConfirmDelete(null);
      list.setData((old) => ({ rules: (old?.rules ?? []).filter((r) => r.id !== rule.id) }));
    });

  if (editing.kind === "test") {
    const { rule } = editing;
    return (
      <BacktestPanel
        target={{ ruleId: rule.id }}
        triggerHealthFactor={rule.trigger.type === "health_factor_below" ? rule.trigger.value : null}
        onClose={() => setEditing({ kind: "none" })}
      />
    );
  }

  if (editing.kind !== "none") {
    return (
      <RuleForm
        rule={editing.kind === "edit" ? editing.rule : null}
        defaultChainId={defaultChainId}
        portfolio={portfolio}
        onCancel={() => setEditing({ kind: "none" })}
        onSaved={(saved) => {
          replace(saved);
          setSavedWarnings((previous) => withSavedWarnings(previous, saved));
          setEditing({ kind: "none" });
        }}
      />
    );
  }

  const limit = list.data ? ruleLimitReached(rules.length, maxRules) : null;
  return (
    <div className="stack" data-testid="rules">
      <div className="spread">
        <span className="small muted">
          {list.data ? `${rules.length} rule${rules.length === 1 ? "" : "s"}` : ""}
          {maxRules !== null && list.data ? ` · Free plan: up to ${maxRules}` : ""}
        </span>
        <button
          type="button"
          className="button small"
          onClick={() => setEditing({ kind: "new" })}
          data-testid="rule-new"
          disabled={limit !== null || offline !== null}
          title={offline ?? undefined}
        >
          + New rule
        </button>
      </div>
      {offline && (
        <div className="notice info" data-testid="rules-offline">
          {offline}
        </div>
      )}
      {limit && (
        <div className="notice info" data-testid="rules-limit">
          {limit}
        </div>
      )}
      {(list.error ?? actionError) && (
        <div className="notice error" role="alert" data-testid="rules-error">
          {(actionError ?? list.error)?.message}
        </div>
      )}
      {!list.data && !list.error && (
        <div className="card stack" aria-busy="true">
          <div className="skeleton" style={{ height: 14, width: "60%" }} />
          <div className="skeleton" style={{ height: 14, width: "80%" }} />
        </div>
      )}
      {list.data && rules.length === 0 && (
        <div className="card state" data-testid="rules-empty">
          <h2>No rules yet</h2>
          <p className="muted small">
            A rule watches your health factor, liquidation risk, prices or APYs and notifies you or proposes a
            fix for you to sign.
          </p>
        </div>
      )}
      {rules.map((rule) => (
        <article
          className={`card rule${rule.enabled ? "" : " disabled"}`}
          key={rule.id}
          data-testid="rule"
          data-rule-id={rule.id}
          data-enabled={rule.enabled}
        >
          <div className="spread">
            <strong className="rule-name">{rule.name}</strong>
            <label className="switch" title={rule.enabled ? "Disable" : "Enable"}>
              <input
                type="checkbox"
                checked={rule.enabled}
                disabled={busy === rule.id || offline !== null}
                onChange={() => void toggle(rule)}
                data-testid="rule-toggle"
                aria-label={rule.enabled ? `Disable ${rule.name}` : `Enable ${rule.name}`}
              />
              <span />
            </label>
          </div>
          <p className="small" data-testid="rule-summary">
            {describeRule(rule)}
          </p>
          <p className="small muted">
            {rule.executionCount > 0
              ? `Fired ${rule.executionCount}×, last ${formatAge(Date.now() - Date.parse(rule.lastExecutedAt ?? rule.updatedAt))}`
              : "Not fired yet"}
            {ruleCheckedText(rule, Date.now())}
          </p>
          {rule.enabled && cooldownText(rule.cooldownUntil, Date.now()) && (
            <p className="small muted" data-testid="rule-cooldown">
              {cooldownText(rule.cooldownUntil, Date.now())}
            </p>
          )}
          <SavedRuleWarnings warnings={ruleWarnings(rule, savedWarnings)} />
          {rule.lastError && (
            <p className="small danger-text" data-testid="rule-error">
              {rule.cannotActSince ? "Can't act: " : "Last check failed: "}
              {rule.lastError}
            </p>
          )}
          <div className="row end">
            {confirmDelete === rule.id ? (
              <>
                <span className="small">Delete this rule?</span>
                <button type="button" className="button link small" onClick={() => setConfirmDelete(null)}>
                  Keep
                </button>
                <button
                  type="button"
                  className="button small danger"
                  disabled={busy === rule.id}
                  onClick={() => void remove(rule)}
                  data-testid="rule-delete-confirm"
                >
                  Delete
                </button>
              </>
            ) : (
              <>
                <button
                  type="button"
                  className="button link small"
                  onClick={() => setEditing({ kind: "test", rule })}
                  disabled={offline !== null}
                  data-testid="rule-backtest"
                >
                  Test on history
                </button>
                <button
                  type="button"
                  className="button link small"
                  onClick={() => setEditing({ kind: "edit", rule })}
                  disabled={offline !== null}
                  data-testid="rule-edit"
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button link small danger-text"
                  onClick={() => setConfirmDelete(rule.id)}
                  disabled={offline !== null}
                  data-testid="rule-delete"
                >
                  Delete
                </button>
              </>
            )}
          </div>
        </article>
      ))}
    </div>
  );
}
