/**
 * Why a sign-in failed, in a sentence under "Sign-in failed": the wallet's or the API's own reason when it has
 * one (every Error Vigil throws says why), the wallet's message when it answers with a bare EIP-1193 error
 * object, and a cause to check when it gives no reason at all.
 */
export function signInFailureReason(error: unknown): string {
  const message =
    error instanceof Error
      ? error.message
      : typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
        ? `Your wallet said: “${error.message}”.`
        : "";
  return message.trim() || "Your wallet gave no reason. Unlock it and try again.";
}
