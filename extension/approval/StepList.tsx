import type { Transaction } from "../lib/api/contract";
import { stepDetails } from "./proposalWords";

/** The steps the wallet will be asked to sign, in words first, then the contract by name (and short address). */
export function StepList({ steps }: { steps: Transaction["steps"] }) {
  return (
    <section className="stack approval-section">
      <h3>What you sign ({steps.length === 1 ? "1 transaction" : `${steps.length} transactions`})</h3>
      <ol className="approval-steps" data-testid="approval-steps">
        {steps.map((step, stepNumber) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a proposal's steps never reorder; position is their identity
          <li key={stepNumber}>
            <div>{step.description}</div>
            <div className="small muted">{stepDetails(step)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
