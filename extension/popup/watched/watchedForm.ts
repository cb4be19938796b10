import { ADDRESS_PATTERN } from "../../../shared/schemas/addressPattern";
import type { WatchedAccount } from "../../../shared/schemas/watchedAccounts";
import type { MessageError } from "../../lib/messages";

export interface WatchedDraft {
  address: string;
  label: string;
  /** The health factor to alert below, as typed; empty: the user's own alert threshold. */
  threshold: string;
}

type Checked<T> = { ok: true; body: T } | { ok: false; field: string; message: string };

/** What the form found wrong, as the error the form shows under that field (the API's shape). */
export function fieldError(failure: { field: string; message: string }): MessageError {
  return {
    code: "validation_failed",
    message: failure.message,
    fields: [{ path: failure.field, message: failure.message }],
  };
}

/** Same bounds as the API (shared/schemas/watchedAccounts.ts): above 1, at most 10. */
function parseThreshold(typed: string): Checked<number | undefined> {
  const text = typed.trim();
  if (text === "") return { ok: true, body: undefined };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 1 || value > 10)
    return { ok: false, field: "alertThreshold", message: "Enter a health factor above 1, e.g. 1.3" };
  return { ok: true, body: value };
}

/**
 * The body POST /me/watched gets from the form, or what the form can already say is wrong (in the field's words).
 * The API has the last word (checksum, the user's own wallet, duplicates, the plan's limit).
 */
export function watchedBody(
  draft: WatchedDraft,
  own: string | null,
): Checked<{ address: string; label?: string; alertThreshold?: number }> {
  const address = draft.address.trim();
  if (!ADDRESS_PATTERN.test(address))
    return { ok: false, field: "address", message: "Enter a 0x address (42 characters)" };
  if (own !== null && address.toLowerCase() === own.toLowerCase())
    return {
      ok: false,
      field: "address",
      message: "This is the wallet you signed in with: it is watched already",
    };
  const threshold = parseThreshold(draft.threshold);
  if (!threshold.ok) return threshold;
  const label = draft.label.trim();
  return {
    ok: true,
    body: {
      address,
      ...(label === "" ? {} : { label }),
      ...(threshold.body === undefined ? {} : { alertThreshold: threshold.body }),
    },
  };
}

/**
 * The PATCH /me/watched/{address} body for what the edit form changed (empty: nothing to send). An emptied name
 * removes it; the threshold cannot be emptied, only moved.
 */
export function watchedEditBody(
  draft: Pick<WatchedDraft, "label" | "threshold">,
  current: WatchedAccount,
): Checked<{ label?: string | null; alertThreshold?: number }> {
  const threshold = parseThreshold(draft.threshold);
  if (!threshold.ok) return threshold;
  if (threshold.body === undefined)
    return { ok: false, field: "alertThreshold", message: "Enter a health factor above 1, e.g. 1.3" };
  const label = draft.label.trim() === "" ? null : draft.label.trim();
  return {
    ok: true,
    body: {
      ...(label !== current.label ? { label } : {}),
      ...(threshold.body !== current.alertThreshold ? { alertThreshold: threshold.body } : {}),
    },
  };
}
