import { ADDRESS_PATTERN } from "../../../shared/schemas/addressPattern";

export interface WatchedDraft {
  address: string;
  label: string;
}

/**
 * The body POST /me/watched gets from the form, or what the form can already say is wrong (in the field's words).
 * The API has the last word (checksum, the user's own wallet, duplicates, the plan's limit).
 */
export function watchedBody(
  draft: WatchedDraft,
  own: string | null,
): { ok: true; body: { address: string; label?: string } } | { ok: false; field: string; message: string } {
  const address = draft.address.trim();
  if (!ADDRESS_PATTERN.test(address))
    return { ok: false, field: "address", message: "Enter a 0x address (42 characters)" };
  if (own !== null && address.toLowerCase() === own.toLowerCase())
    return {
      ok: false,
      field: "address",
      message: "This is the wallet you signed in with: it is watched already",
    };
  const label = draft.label.trim();
  return { ok: true, body: label === "" ? { address } : { address, label } };
}
