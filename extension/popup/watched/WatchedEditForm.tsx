import { type FormEvent, useState } from "react";
import type { WatchedAccount } from "../../../shared/schemas/watchedAccounts";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { useApiOffline } from "../apiOffline";
import { Field } from "../rules/Field";
import { fieldErrorsByPath } from "../rules/ruleDraft";
import { asMessageError } from "../useBackgroundData";
import { fieldError, watchedEditBody } from "./watchedForm";

/** Rename a watched account or move its alert threshold; `onDone(null)` when nothing was saved. */
export function WatchedEditForm({
  account,
  onDone,
}: {
  account: WatchedAccount;
  onDone(saved: WatchedAccount | null): void;
}) {
  const offline = useApiOffline();
  const [label, setLabel] = useState(account.label ?? "");
  const [threshold, setThreshold] = useState(String(account.alertThreshold));
  const [error, setError] = useState<MessageError | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrorsByPath(error?.fields);

  async function save(event: FormEvent) {
    event.preventDefault();
    const checked = watchedEditBody({ label, threshold }, account);
    if (!checked.ok) {
      setError(fieldError(checked));
      return;
    }
    if (Object.keys(checked.body).length === 0) {
      onDone(null);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onDone(
        await sendToBackground({ type: "watched/update", address: account.address, body: checked.body }),
      );
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="stack tight" onSubmit={save} noValidate data-testid="watched-edit-form">
      <Field label="Name" hint="empty removes it" error={errors.label}>
        <input
          name="watchedEditLabel"
          maxLength={40}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
      </Field>
      <Field label="Alert below" error={errors.alertThreshold}>
        <input
          name="watchedEditThreshold"
          inputMode="decimal"
          autoComplete="off"
          value={threshold}
          onChange={(e) => setThreshold(e.target.value)}
        />
      </Field>
      {error && !error.fields?.length && (
        <p className="small danger-text" role="alert" data-testid="watched-edit-error">
          {error.message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button small" disabled={saving || offline !== null}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button link small" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
