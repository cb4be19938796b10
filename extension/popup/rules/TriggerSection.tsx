import { ChainSelect } from "./ChainSelect";
import { Field } from "./Field";
import { type RuleDraft, type TriggerType, triggerLabels } from "./ruleDraft";
import type { RuleFormSectionProps } from "./ruleFormSection";

/** "When": the trigger and its parameters. */
export function TriggerSection({ draft, set, errors, chains }: RuleFormSectionProps) {
  const isApy = draft.triggerType === "apy_below" || draft.triggerType === "apy_above";
  const isPrice = draft.triggerType === "price_below" || draft.triggerType === "price_above";
  return (
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
          <Field label="Chance (%)" hint="e.g. 25" error={errors["trigger.probability"]}>
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
      {isApy && (
        <Field label="Which APY" error={errors["trigger.rate"]}>
          <select
            name="apyRate"
            value={draft.apyRate}
            onChange={(e) => set("apyRate")(e.target.value as RuleDraft["apyRate"])}
          >
            <option value="supply">Supply APY (what you earn)</option>
            <option value="borrow">Borrow APY (what you pay)</option>
          </select>
        </Field>
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
            <Field
              label={`${draft.apyRate === "borrow" ? "Borrow" : "Supply"} APY (%)`}
              error={errors["trigger.percent"]}
            >
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
              {/* EigenLayer pays no APY Vigil can read: offered only to show an old rule as it was saved. */}
              {draft.protocol === "eigenlayer" && <option value="eigenlayer">EigenLayer</option>}
            </select>
          </Field>
          <Field label="Chain" error={errors["trigger.chainId"]}>
            <ChainSelect
              name="triggerChainId"
              value={draft.triggerChainId}
              chains={chains}
              onChange={set("triggerChainId")}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
