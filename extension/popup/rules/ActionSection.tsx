import type { Portfolio } from "../../../shared/schemas/portfolio";
import { actionAssetChoices } from "./actionAssets";
import { ChainSelect } from "./ChainSelect";
import { Field } from "./Field";
import { type ActionType, actionLabels } from "./ruleDraft";
import type { RuleFormSectionProps } from "./ruleFormSection";

/**
 * "Then": the action Vigil proposes when the trigger fires. Its asset is chosen from what that action can use for
 * this user on that chain (actionAssets.ts); choosing another action or chain picks the first such asset.
 */
export function ActionSection({
  draft,
  set,
  errors,
  chains,
  portfolio,
}: RuleFormSectionProps & { portfolio: Portfolio | null }) {
  const hasTarget = draft.actionType === "repay" || draft.actionType === "supply_collateral";
  const choices = actionAssetChoices(draft.actionType, Number(draft.actionChainId), portfolio);
  const choose = (actionType: ActionType, chainId: string) => {
    const offered = actionAssetChoices(actionType, Number(chainId), portfolio).symbols;
    if (!offered.includes(draft.actionAsset)) set("actionAsset")(offered[0] ?? "");
  };
  // A rule saved earlier may name an asset the action no longer fits (the debt was repaid): it stays visible.
  const kept = draft.actionAsset !== "" && !choices.symbols.includes(draft.actionAsset);
  return (
    <fieldset>
      <legend>Then</legend>
      <Field label="Action" error={errors["action.type"] ?? errors.action}>
        <select
          name="actionType"
          value={draft.actionType}
          onChange={(e) => {
            const actionType = e.target.value as ActionType;
            set("actionType")(actionType);
            choose(actionType, draft.actionChainId);
          }}
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
          <Field label="Asset" hint={choices.none ?? undefined} error={errors["action.asset"]}>
            <select
              name="actionAsset"
              value={draft.actionAsset}
              disabled={choices.symbols.length === 0 && !kept}
              onChange={(e) => set("actionAsset")(e.target.value)}
            >
              {draft.actionAsset === "" && <option value="">None to choose</option>}
              {kept && <option value={draft.actionAsset}>{draft.actionAsset} (no position now)</option>}
              {choices.symbols.map((symbol) => (
                <option key={symbol} value={symbol}>
                  {symbol}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Chain" error={errors["action.chainId"]}>
            <ChainSelect
              name="actionChainId"
              value={draft.actionChainId}
              chains={chains}
              onChange={(chainId) => {
                set("actionChainId")(chainId);
                choose(draft.actionType, chainId);
              }}
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
  );
}
