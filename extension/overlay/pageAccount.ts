/**
 * The account the page's wallet gave the page, as Vigil's main-world script saw it (page data: only compared
 * with the signed-in wallet, never trusted for anything else). Null until the page asked for accounts.
 */
export interface PageAccount {
  get(): string | null;
  set(account: string | null): void;
  /** Calls back on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createPageAccount(): PageAccount {
  let account: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => account,
    set(next) {
      if (next === account) return;
      account = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Whether the site is on an account other than the one Vigil watches (both known, different). */
export function onOtherAccount(signedIn: string | null, page: string | null): boolean {
  return signedIn !== null && page !== null && signedIn.toLowerCase() !== page.toLowerCase();
}
