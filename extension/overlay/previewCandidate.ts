import { POOL_ACTION_MAX_DATA_CHARS, POOL_ACTION_SELECTORS } from "../../shared/aave/poolActionSelectors";
import { ADDRESS_PATTERN as ADDRESS } from "../../shared/schemas/addressPattern";

/**
 * The main world's first look at a wallet request: could it be an Aave Pool call the pre-sign preview shows?
 * Runs synchronously inside the wrapped `request`, so everything else goes to the wallet in the same tick,
 * untouched, without crossing to the content script. Only the selector and the shape are read here: which
 * Pool (and whether it is the user's) the background decides from its own data, so a page can make Vigil look
 * at a transaction but never hold one back (the content script answers every request it gets).
 */
export interface PreviewCandidate {
  to: string;
  data: string;
  from?: string;
  /** The transaction's own chainId, when it carries one (hex or decimal); else the wallet's chain is asked. */
  chainId: number | null;
}

const HEX_DATA = /^0x[0-9a-fA-F]*$/;
const selectors = new Set(POOL_ACTION_SELECTORS);

/** A chain id as EIP-1193 callers give it: a number, a 0x quantity or a decimal string; null for anything else. */
export function toChainId(value: unknown): number | null {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^0x[0-9a-fA-F]{1,13}$/.test(value)
        ? Number.parseInt(value, 16)
        : typeof value === "string" && /^[0-9]{1,15}$/.test(value)
          ? Number(value)
          : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The transaction to preview, or null: the request goes to the wallet as it came. */
export function previewCandidate(args: unknown): PreviewCandidate | null {
  if (typeof args !== "object" || args === null) return null;
  const { method, params } = args as { method?: unknown; params?: unknown };
  if (method !== "eth_sendTransaction" || !Array.isArray(params)) return null;
  const tx = params[0] as {
    to?: unknown;
    data?: unknown;
    input?: unknown;
    from?: unknown;
    chainId?: unknown;
  };
  if (typeof tx !== "object" || tx === null) return null;
  const data = tx.data ?? tx.input;
  if (typeof tx.to !== "string" || !ADDRESS.test(tx.to) || typeof data !== "string") return null;
  if (data.length < 10 || data.length > POOL_ACTION_MAX_DATA_CHARS || !HEX_DATA.test(data)) return null;
  if (!selectors.has(data.slice(0, 10).toLowerCase())) return null;
  return {
    to: tx.to,
    data,
    ...(typeof tx.from === "string" && ADDRESS.test(tx.from) ? { from: tx.from } : {}),
    chainId: toChainId(tx.chainId),
  };
}
