import { Field } from "./Field";
import type { RuleFormSectionProps } from "./ruleFormSection";

/** The guards every proposal must pass (amount, gas, cooldown, expiry). */
export function GuardsSection({ draft, set, errors }: RuleFormSectionProps) {
  return (
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
  );
}
