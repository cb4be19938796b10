import { type FormEvent, type ReactNode, useState } from "react";
import type { MessageError } from "../../../shared/messages";
import { RESTAKABLE_ASSETS, type Rule } from "../../../shared/schemas/rules";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { asMessageError } from "../useBackgroundData";
import {
  type ActionType,
  actionLabels,
  draftToBody,
  emptyDraft,
  fieldErrorsByPath,
  inputPaths,
  type RuleDraft,
  ruleToDraft,
  type TriggerType,
  triggerLabels,
} from "./ruleDraft";

interface RuleFormProps {
  /** The rule being edited, or null for a new one. */
  rule: Rule | null;
  defaultChainId: number;
  /** Symbols the user holds, offered first in the asset inputs. */
  assetSuggestions: string[];
  onSaved(rule: Rule): void;
  onCancel(): void;
}

/** Create or edit a rule. The API validates; its messages appear next to the inputs they are about. */
export function RuleForm({ rule, defaultChainId, assetSuggestions, onSaved, onCancel }: RuleFormProps) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule ? ruleToDraft(rule, defaultChainId) : emptyDraft(defaultChainId),
  );
  const [error, setError] = useState<MessageError | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrorsByPath(error?.fields);
  const shown = new Set(inputPaths(draft));
  const otherErrors = Object.entries(errors).filter(([path]) => !shown.has(path));

  const set =
    <K extends keyof RuleDraft>(key: K) =>
    (value: RuleDraft[K]) =>
      setDraft((old) => ({ ...old, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
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

  const assets = [...new Set([...assetSuggestions, "WETH", "wstETH", "USDC", "DAI", "LINK"])];
  const isApy = draft.triggerType === "apy_below" || draft.triggerType === "apy_above";
  const isPrice = draft.triggerType === "price_below" || draft.triggerType === "price_above";
  const hasTarget = draft.actionType === "repay" || draft.actionType === "supply_collateral";

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

      <fieldset>
        <legend>When</legend>
        <Field label="Trigger" error={errors["trigger.type"] ?? errors.trigger}>
          <select
            name="triggerType"
            value={draft.triggerType}
            onChange={(e) => set("triggerType")(e.target.value as TriggerType)}
          >
            {Object.entries(triggerLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {draft.triggerType === "health_factor_below" && (
          <Field label="Health factor" hint="Above 1; Aave liquidates at 1." error={errors["trigger.value"]}>
            <input
              name="healthFactor"
              inputMode="decimal"
              value={draft.healthFactor}
              onChange={(e) => set("healthFactor")(e.target.value)}
            />
          </Field>
        )}
        {draft.triggerType === "risk_above" && (
          <div className="two">
            <Field label="Probability" hint="0–1, e.g. 0.25" error={errors["trigger.probability"]}>
              <input
                name="probability"
                inputMode="decimal"
                value={draft.probability}
                onChange={(e) => set("probability")(e.target.value)}
              />
            </Field>
            <Field label="Within" error={errors["trigger.horizon"]}>
              <select
                name="horizon"
                value={draft.horizon}
                onChange={(e) => set("horizon")(e.target.value as RuleDraft["horizon"])}
              >
                <option value="24h">24 hours</option>
                <option value="7d">7 days</option>
              </select>
            </Field>
          </div>
        )}
        {(isPrice || isApy) && (
          <div className="two">
            <Field label="Asset" error={errors["trigger.asset"]}>
              <input
                name="triggerAsset"
                list="rule-assets"
                value={draft.triggerAsset}
                onChange={(e) => set("triggerAsset")(e.target.value)}
              />
            </Field>
            {isPrice ? (
              <Field label="Price (USD)" error={errors["trigger.usd"]}>
                <input
                  name="priceUsd"
                  inputMode="decimal"
                  value={draft.priceUsd}
                  onChange={(e) => set("priceUsd")(e.target.value)}
                />
              </Field>
            ) : (
              <Field label="APY (%)" error={errors["trigger.percent"]}>
                <input
                  name="percent"
                  inputMode="decimal"
                  value={draft.percent}
                  onChange={(e) => set("percent")(e.target.value)}
                />
              </Field>
            )}
          </div>
        )}
        {isApy && (
          <div className="two">
            <Field label="Protocol" error={errors["trigger.protocol"]}>
              <select
                name="protocol"
                value={draft.protocol}
                onChange={(e) => set("protocol")(e.target.value as RuleDraft["protocol"])}
              >
                <option value="aave">Aave V3</option>
                <option value="eigenlayer">EigenLayer</option>
              </select>
            </Field>
            <Field label="Chain id" error={errors["trigger.chainId"]}>
              <input
                name="triggerChainId"
                inputMode="numeric"
                value={draft.triggerChainId}
                onChange={(e) => set("triggerChainId")(e.target.value)}
              />
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Then</legend>
        <Field label="Action" error={errors["action.type"] ?? errors.action}>
          <select
            name="actionType"
            value={draft.actionType}
            onChange={(e) => set("actionType")(e.target.value as ActionType)}
          >
            {Object.entries(actionLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {draft.actionType !== "notify" && (
          <div className="two">
            <Field
              label="Asset"
              hint={
                draft.actionType === "rebalance" ? `${RESTAKABLE_ASSETS.slice(0, 4).join(", ")} …` : undefined
              }
              error={errors["action.asset"]}
            >
              <input
                name="actionAsset"
                list="rule-assets"
                value={draft.actionAsset}
                onChange={(e) => set("actionAsset")(e.target.value)}
              />
            </Field>
            <Field label="Chain id" error={errors["action.chainId"]}>
              <input
                name="actionChainId"
                inputMode="numeric"
                value={draft.actionChainId}
                onChange={(e) => set("actionChainId")(e.target.value)}
              />
            </Field>
          </div>
        )}
        {hasTarget && (
          <Field label="Target health factor" error={errors["action.targetHealthFactor"]}>
            <input
              name="targetHealthFactor"
              inputMode="decimal"
              value={draft.targetHealthFactor}
              onChange={(e) => set("targetHealthFactor")(e.target.value)}
            />
          </Field>
        )}
        {draft.actionType !== "notify" && (
          <p className="small muted">
            Vigil proposes the transaction; nothing moves until you sign it in your wallet.
          </p>
        )}
      </fieldset>

      <details className="guards" open={Object.keys(errors).some((path) => path.startsWith("guards"))}>
        <summary>Guards</summary>
        <div className="two">
          <Field label="Max amount (USD)" hint="optional" error={errors["guards.maxAmountUsd"]}>
            <input
              name="maxAmountUsd"
              inputMode="decimal"
              value={draft.maxAmountUsd}
              onChange={(e) => set("maxAmountUsd")(e.target.value)}
            />
          </Field>
          <Field label="Max gas (USD)" error={errors["guards.maxGasUsd"]}>
            <input
              name="maxGasUsd"
              inputMode="decimal"
              value={draft.maxGasUsd}
              onChange={(e) => set("maxGasUsd")(e.target.value)}
            />
          </Field>
          <Field label="Cooldown (s)" error={errors["guards.cooldownSeconds"]}>
            <input
              name="cooldownSeconds"
              inputMode="numeric"
              value={draft.cooldownSeconds}
              onChange={(e) => set("cooldownSeconds")(e.target.value)}
            />
          </Field>
          <Field label="Proposal expiry (s)" error={errors["guards.proposalExpirySeconds"]}>
            <input
              name="proposalExpirySeconds"
              inputMode="numeric"
              value={draft.proposalExpirySeconds}
              onChange={(e) => set("proposalExpirySeconds")(e.target.value)}
            />
          </Field>
        </div>
      </details>

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
    </form>
  );
}

function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children` (an input or a select).
    <label className={`field${error ? " invalid" : ""}`}>
      <span>
        {label}
        {hint && <span className="hint"> · {hint}</span>}
      </span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
