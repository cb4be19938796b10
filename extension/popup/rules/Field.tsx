import type { ReactNode } from "react";

/** A labelled input of the rule form with its hint and the API's error for it. */
export function Field({
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
