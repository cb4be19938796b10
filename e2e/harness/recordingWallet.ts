/// <reference lib="dom" />
import type { Page } from "playwright-core";

export const RECORDING_WALLET_INFO = {
  uuid: "0f6c1a52-5a0e-4d4b-9a63-2f3c4d5e6f70",
  name: "Recording Wallet",
  icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
  rdns: "dev.vigil.e2e-recording-wallet",
} as const;

export type WalletOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: number; message: string } };

/** One request as the wallet received it: what the page (or Vigil on its behalf) passed to `request`. */
export interface WalletRequestRecord {
  method: string;
  params: unknown;
  /** When the wallet's `request` was entered, ms since the epoch (performance.timeOrigin + now, in the page). */
  at: number;
  outcome: WalletOutcome;
}

export interface RecordingWallet {
  address: `0x${string}`;
  requests: WalletRequestRecord[];
  /** The user refuses the next request that asks them (accounts, signatures, transactions, chains): 4001. */
  rejectNext(): void;
  /** The wallet tells the page about a change, as an injected wallet does (EIP-1193 events). */
  emit(event: "accountsChanged" | "chainChanged", payload: unknown): Promise<void>;
}

/** Requests a real wallet would ask the user about; only these can be rejected. */
const ASKS_USER = new Set([
  "eth_requestAccounts",
  "personal_sign",
  "eth_signTypedData_v4",
  "eth_sendTransaction",
  "wallet_addEthereumChain",
  "wallet_switchEthereumChain",
  "wallet_watchAsset",
]);

const rejected: WalletOutcome = { ok: false, error: { code: 4001, message: "User rejected the request." } };

/**
 * An injected EIP-1193 wallet for one page, the way MetaMask or Rabby appear to a dapp: `window.ethereum`
 * (isMetaMask, request/on/removeListener) plus an EIP-6963 announcement. It records every request it receives
 * with a timestamp and its answer. Behind it the devnet holds the key (anvil's unlocked account `address`):
 * signatures and transactions are anvil's, accounts and chain switching are this wallet's own state. Quantities
 * are normalised as a wallet does before sending (empty data dropped, decimal values to hex, fixed fees when the dapp gives none): what the dapp
 * passed is what `requests` shows.
 */
export async function installRecordingWallet(
  page: Page,
  opts: { rpcUrl: string; address: `0x${string}` },
): Promise<RecordingWallet> {
  const requests: WalletRequestRecord[] = [];
  let rejectNext = false;
  let connected = false;
  let chainId = "0x7a69";
  const chains = new Set([chainId]);

  const rpc = async (method: string, params: unknown): Promise<WalletOutcome> => {
    const response = await fetch(opts.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
    return body.error
      ? { ok: false, error: { code: body.error.code, message: body.error.message } }
      : { ok: true, result: body.result ?? null };
  };

  const emit = (event: string, payload: unknown) =>
    page.evaluate(
      ([e, p]) =>
        (window as unknown as { __e2eWalletEmit(e: string, p: unknown): void }).__e2eWalletEmit(e, p),
      [event, payload] as const,
    );

  const answer = async (method: string, params: unknown[]): Promise<WalletOutcome> => {
    if (rejectNext && ASKS_USER.has(method)) {
      rejectNext = false;
      return rejected;
    }
    switch (method) {
      case "eth_requestAccounts":
        connected = true;
        return { ok: true, result: [opts.address] };
      case "eth_accounts":
        return { ok: true, result: connected ? [opts.address] : [] };
      case "eth_chainId":
        return { ok: true, result: chainId };
      case "net_version":
        return { ok: true, result: String(Number.parseInt(chainId, 16)) };
      case "wallet_addEthereumChain": {
        const id = (params[0] as { chainId?: unknown } | undefined)?.chainId;
        if (typeof id !== "string") return { ok: false, error: { code: -32602, message: "chainId missing" } };
        chains.add(id.toLowerCase());
        return { ok: true, result: null };
      }
      case "wallet_switchEthereumChain": {
        const id = String((params[0] as { chainId?: unknown } | undefined)?.chainId ?? "").toLowerCase();
        if (!chains.has(id))
          return { ok: false, error: { code: 4902, message: `Unrecognized chain ID "${id}".` } };
        chainId = id;
        setTimeout(() => void emit("chainChanged", id).catch(() => undefined), 0);
        return { ok: true, result: null };
      }
      case "personal_sign":
        // The dapp may pass a password third (MetaMask ignores it); anvil takes [data, address].
        return rpc("personal_sign", params.slice(0, 2));
      case "wallet_watchAsset":
        return { ok: true, result: true };
      case "eth_sendTransaction": {
        const { data, input, value, ...rest } = (params[0] ?? {}) as Record<string, unknown>;
        const calldata = data ?? input;
        // Fees the dapp left out are this wallet's choice, fixed: anvil's own fill-in depends on its fee
        // history, which evm_revert does not rewind, and the runs compare transaction hashes.
        const fees =
          rest.gasPrice !== undefined || rest.maxFeePerGas !== undefined
            ? {}
            : { maxFeePerGas: "0x2540be400", maxPriorityFeePerGas: "0x3b9aca00" };
        const tx: Record<string, unknown> = {
          ...fees,
          ...rest,
          ...(typeof calldata === "string" && calldata !== "" && calldata !== "0x" ? { data: calldata } : {}),
          ...(value !== undefined && value !== ""
            ? { value: `0x${BigInt(String(value)).toString(16)}` }
            : {}),
        };
        if (tx.gas === undefined) {
          // As MetaMask does, a margin over the estimate: it was made against the pending state, and a Pool call
          // mined a second later (interest accrued, a slot warmed differently) may need a little more.
          const estimate = await rpc("eth_estimateGas", [tx]);
          if (!estimate.ok) return estimate;
          tx.gas = `0x${((BigInt(String(estimate.result)) * 3n) / 2n).toString(16)}`;
        }
        return rpc("eth_sendTransaction", [tx]);
      }
      default:
        return rpc(method, params);
    }
  };

  await page.exposeBinding(
    "__e2eRecordingWallet",
    async (_source, method: string, params: unknown, at: number): Promise<WalletOutcome> => {
      let outcome: WalletOutcome;
      try {
        outcome = await answer(method, Array.isArray(params) ? params : params === undefined ? [] : [params]);
      } catch (error) {
        outcome = { ok: false, error: { code: -32603, message: String(error) } };
      }
      requests.push({ method, params, at, outcome });
      return outcome;
    },
  );
  await page.addInitScript((info) => {
    type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: number; message: string } };
    const call = (
      window as unknown as { __e2eRecordingWallet(m: string, p: unknown, at: number): Promise<Outcome> }
    ).__e2eRecordingWallet;
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const provider = {
      isMetaMask: true,
      async request(args: { method: string; params?: unknown }) {
        // Transactions counted before any await: a caller can tell whether its call reached the wallet in the
        // same call (nothing held it) or only later.
        const w = window as unknown as { __e2eWalletSends?: number };
        if (args.method === "eth_sendTransaction") w.__e2eWalletSends = (w.__e2eWalletSends ?? 0) + 1;
        const at = performance.timeOrigin + performance.now();
        const outcome = await call(args.method, args.params, at);
        if (outcome.ok) return outcome.result;
        throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
      },
      on(event: string, listener: (payload: unknown) => void) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return provider;
      },
      removeListener(event: string, listener: (payload: unknown) => void) {
        listeners.get(event)?.delete(listener);
        return provider;
      },
    };
    (window as unknown as { ethereum: unknown }).ethereum = provider;
    (window as unknown as { __e2eWalletEmit: unknown }).__e2eWalletEmit = (
      event: string,
      payload: unknown,
    ) => {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    };
    const announce = () =>
      window.dispatchEvent(
        new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }),
      );
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
  }, RECORDING_WALLET_INFO);

  return {
    address: opts.address,
    requests,
    rejectNext: () => {
      rejectNext = true;
    },
    emit: (event, payload) => emit(event, payload),
  };
}
