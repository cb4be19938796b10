import { type FormEvent, useState } from "react";
import type { MessageError } from "../../lib/messages";
import { sendToBackground } from "../../lib/messaging/sendToBackground";
import { useApiOffline } from "../apiOffline";
import { Field } from "../rules/Field";
import { fieldErrorsByPath } from "../rules/ruleDraft";
import { asMessageError, useBackgroundData } from "../useBackgroundData";
import { WatchedAccountRow } from "./WatchedAccountRow";
import { fieldError, type WatchedDraft, watchedBody } from "./watchedForm";

/**
 * Accounts the user watches without signing with them (a second wallet, a multisig, a friend's position): their
 * health factor here, and the same escalating alerts as for the user's own wallet, each naming the account.
 */
export function WatchedAccounts({ ownAddress }: { ownAddress: string | null }) {
  const offline = useApiOffline();
  const list = useBackgroundData(() => sendToBackground({ type: "watched/list" }), "watched");
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState<WatchedDraft>({ address: "", label: "", threshold: "" });
  const [error, setError] = useState<MessageError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const accounts = list.data?.accounts ?? [];
  const limit = list.data?.limit ?? null;
  const full = limit !== null && accounts.length >= limit;
  const errors = fieldErrorsByPath(error?.fields);

  async function add(event: FormEvent) {
    event.preventDefault();
    const checked = watchedBody(draft, ownAddress);
    if (!checked.ok) {
      setError(fieldError(checked));
      return;
    }
    setBusy("add");
    setError(null);
    try {
      const saved = await sendToBackground({ type: "watched/add", body: checked.body });
      list.setData((old) => ({
        accounts: [...(old?.accounts ?? []).filter((a) => a.address !== saved.address), saved],
        limit: old?.limit ?? null,
      }));
      setDraft({ address: "", label: "", threshold: "" });
      setAdding(false);
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setBusy(null);
    }
  }

  async function remove(address: string) {
    setBusy(address);
    setError(null);
    try {
      await sendToBackground({ type: "watched/remove", address });
      list.setData((old) => ({
        accounts: (old?.accounts ?? []).filter((a) => a.address !== address),
        limit: old?.limit ?? null,
      }));
    } catch (cause) {
      setError(asMessageError(cause));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card stack tight" data-testid="watched-accounts">
      <div className="spread">
        <h3>Watched accounts</h3>
        {limit !== null && (
          <span className="small muted" data-testid="watched-limit">
            {accounts.length} of {limit}
          </span>
        )}
      </div>
      {list.error && !list.data && (
        <p className="small danger-text" role="alert">
          Couldn’t load them: {list.error.message}
        </p>
      )}
      {accounts.length > 0 && (
        <ul className="watched-list">
          {accounts.map((account) => (
            <WatchedAccountRow
              key={account.address}
              account={account}
              busy={busy === account.address}
              onRemove={() => void remove(account.address)}
              onUpdated={(saved) =>
                list.setData((old) => ({
                  accounts: (old?.accounts ?? []).map((a) => (a.address === saved.address ? saved : a)),
                  limit: old?.limit ?? null,
                }))
              }
            />
          ))}
        </ul>
      )}
      {list.data && accounts.length === 0 && !adding && (
        <p className="small muted">
          Watch another wallet, a multisig or a friend’s position: same alerts, no signing.
        </p>
      )}
      {adding ? (
        <form className="stack tight" onSubmit={add} noValidate data-testid="watched-form">
          <Field label="Address" error={errors.address}>
            <input
              name="watchedAddress"
              className="mono"
              placeholder="0x…"
              autoComplete="off"
              spellCheck={false}
              value={draft.address}
              onChange={(e) => setDraft((d) => ({ ...d, address: e.target.value }))}
            />
          </Field>
          <Field label="Name" hint="optional" error={errors.label}>
            <input
              name="watchedLabel"
              maxLength={40}
              placeholder="e.g. Treasury multisig"
              value={draft.label}
              onChange={(e) => setDraft((d) => ({ ...d, label: e.target.value }))}
            />
          </Field>
          <Field label="Alert below" hint="optional, yours by default" error={errors.alertThreshold}>
            <input
              name="watchedThreshold"
              inputMode="decimal"
              placeholder="e.g. 1.3"
              autoComplete="off"
              value={draft.threshold}
              onChange={(e) => setDraft((d) => ({ ...d, threshold: e.target.value }))}
            />
          </Field>
          {error && !error.fields?.length && (
            <p className="small danger-text" role="alert" data-testid="watched-form-error">
              {error.message}
            </p>
          )}
          <div className="row">
            <button type="submit" className="button small" disabled={busy !== null || offline !== null}>
              {busy === "add" ? "Adding…" : "Watch"}
            </button>
            <button
              type="button"
              className="button link small"
              onClick={() => {
                setAdding(false);
                setError(null);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {error && (
            <p className="small danger-text" role="alert" data-testid="watched-form-error">
              {error.message}
            </p>
          )}
          <button
            type="button"
            className="button secondary small"
            disabled={full || offline !== null || !list.data}
            title={full ? `Your plan watches up to ${limit} accounts` : undefined}
            onClick={() => setAdding(true)}
            data-testid="watched-add"
          >
            + Watch an address
          </button>
          {full && (
            <p className="small muted" data-testid="watched-full">
              Your plan watches up to {limit} accounts besides your own; stop watching one or upgrade to Pro.
            </p>
          )}
        </>
      )}
    </section>
  );
}
