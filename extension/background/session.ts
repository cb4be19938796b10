import { type Address, getAddress, isAddressEqual } from "viem";
import { buildSignInMessage } from "../../shared/auth/buildSignInMessage";
import type { SessionState } from "../../shared/messages";
import { ApiError } from "../lib/api/apiError";
import { authNonceSchema, signInResponseSchema } from "../lib/api/contract";
import {
  pendingSignInItem,
  type StoredSession,
  sessionItem,
  signedOutReasonItem,
} from "../lib/storage/session";
import { checkSigner } from "../lib/wallet/signatureSigner";
import type { ApiClient } from "./apiClient";

/** Stop using a token this long before it expires, so a request never races the expiry. */
const EXPIRY_MARGIN_MS = 30_000;

export interface SessionHost {
  api: ApiClient;
  /** The API base requests go to now (from the settings). */
  apiBase(): Promise<string>;
  now(): number;
  /** Schedules (or with `null` cancels) the wake-up that signs out at expiry. */
  scheduleExpiry(at: number | null): Promise<void>;
}

export interface Session {
  state(): Promise<SessionState>;
  /** The token for API calls, or null when signed out or about to expire. */
  token(): Promise<string | null>;
  prepareSignIn(address: Address, walletChainId: number): Promise<string>;
  completeSignIn(address: Address, message: string, signature: `0x${string}`): Promise<SessionState>;
  signOut(reason: "signedOut" | "expired"): Promise<SessionState>;
}

function toState(session: StoredSession | null, reason: "signedOut" | "expired" | null): SessionState {
  if (!session) return { status: "signedOut", reason: reason ?? "never" };
  return {
    status: "signedIn",
    address: session.address,
    userId: session.userId,
    expiresAt: session.expiresAt,
  };
}

/** Sign-in with Ethereum: the background builds the message, the user's wallet signs it, the API verifies it. */
export function createSession(host: SessionHost): Session {
  const live = async (): Promise<StoredSession | null> => {
    const session = await sessionItem.get();
    if (!session) return null;
    if (session.expiresAt - EXPIRY_MARGIN_MS <= host.now()) {
      await signOut("expired");
      return null;
    }
    // The user pointed Vigil at another API: this token must not travel there.
    if (session.apiUrl !== (await host.apiBase())) {
      await signOut("signedOut");
      return null;
    }
    return session;
  };

  async function signOut(reason: "signedOut" | "expired"): Promise<SessionState> {
    await sessionItem.remove();
    await pendingSignInItem.remove();
    await signedOutReasonItem.set(reason);
    await host.scheduleExpiry(null);
    return toState(null, reason);
  }

  return {
    async state() {
      const session = await live();
      return toState(session, session ? null : await signedOutReasonItem.get());
    },
    async token() {
      return (await live())?.token ?? null;
    },
    async prepareSignIn(address, walletChainId) {
      const apiUrl = await host.apiBase();
      const nonce = await host.api({ path: "/auth/nonce", schema: authNonceSchema, auth: false });
      const message = buildSignInMessage({
        nonce,
        address: getAddress(address),
        walletChainId,
        now: new Date(host.now()),
      });
      // Remember what we asked the wallet to sign: completeSignIn accepts exactly this message and nothing else.
      await pendingSignInItem.set({
        apiUrl,
        address: getAddress(address),
        message,
        expiresAt: Date.parse(nonce.expiresAt),
      });
      return message;
    },
    async completeSignIn(address, message, signature) {
      const pending = await pendingSignInItem.get();
      if (!pending || pending.message !== message || !isAddressEqual(pending.address as Address, address)) {
        throw new ApiError(
          400,
          "unknown_sign_in",
          "This sign-in was not started here, or was replaced. Start again.",
        );
      }
      const apiUrl = await host.apiBase();
      if (pending.apiUrl !== apiUrl) {
        await pendingSignInItem.remove();
        throw new ApiError(400, "api_changed", "The API URL changed during sign-in. Start again.");
      }
      if (pending.expiresAt <= host.now()) {
        await pendingSignInItem.remove();
        throw new ApiError(400, "sign_in_expired", "The sign-in request expired. Start again.");
      }
      // The signature came back through a web page (a page wallet's relay): it must be the chosen account's.
      const signer = await checkSigner(message, signature, pending.address as Address);
      if (signer.kind === "other" || signer.kind === "malformed") {
        await pendingSignInItem.remove();
        throw new ApiError(
          400,
          "wrong_signer",
          signer.kind === "other"
            ? `The signature is from ${signer.signer}, not ${pending.address}, the account you chose. Nothing was sent.`
            : "The wallet's answer is not a signature. Nothing was sent.",
        );
      }
      const { token, user, expiresAt } = await host.api({
        method: "POST",
        path: "/auth/wallet",
        body: { address: getAddress(address), signature, message },
        schema: signInResponseSchema,
        auth: false,
      });
      // Never a session for another account than the one the user chose and signed for.
      if (!isAddressEqual(user.address as Address, pending.address as Address)) {
        await pendingSignInItem.remove();
        throw new ApiError(
          409,
          "wrong_account",
          `The API signed in ${user.address}, not ${pending.address}, the account you chose. Not signed in.`,
        );
      }
      const session: StoredSession = {
        token,
        apiUrl,
        address: getAddress(user.address),
        userId: user.id,
        expiresAt: Date.parse(expiresAt),
      };
      await sessionItem.set(session);
      await pendingSignInItem.remove();
      await signedOutReasonItem.remove();
      await host.scheduleExpiry(session.expiresAt - EXPIRY_MARGIN_MS);
      return toState(session, null);
    },
    signOut,
  };
}
