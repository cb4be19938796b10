/** The part of an EIP-1193 provider Vigil uses. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | Record<string, unknown> }): Promise<unknown>;
}

export class WalletError extends Error {
  override readonly name = "WalletError";
  constructor(
    readonly code: "not_installed" | "not_answering" | "rejected" | "no_account" | "bad_answer",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** EIP-1193 code 4001: the user said no in the wallet. */
export function isUserRejection(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 4001;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
