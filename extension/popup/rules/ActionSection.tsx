import { RESTAKABLE_ASSETS } from "../../../shared/schemas/rules";
import { ChainSelect } from "./ChainSelect";
import { Field } from "./Field";
import { type ActionType, actionLabels } from "./ruleDraft";
import type { RuleFormSectionProps } from "./ruleFormSection";

/** "Then": the action Vigil proposes when the trigger fires. */
export function ActionSection({ draft, set, errors, chains }: RuleFormSectionProps) {
  const hasTarget = draft.actionType === "repay" || draft.actionType === "supply_collateral";
  return (
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
          <Field label="Chain" error={errors["action.chainId"]}>
            <ChainSelect
              name="actionChainId"
              value={draft.actionChainId}
              chains={chains}
              onChange={set("actionChainId")}
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
