import { type Address, getAddress, isAddressEqual } from "viem";
import type { z } from "zod";
import { buildSignInMessage } from "../../shared/auth/buildSignInMessage";
import { newSignInVerifier, signInChallengeOf } from "../../shared/auth/signInChallenge";
import { ApiError } from "../lib/api/apiError";
import type { refreshResponseSchema } from "../lib/api/contract";
import type { SessionState } from "../lib/messages";
import {
  pendingSignInItem,
  type StoredSession,
  sessionItem,
  signedOutReasonItem,
} from "../lib/storage/session";
import { checkSigner } from "../lib/wallet/signatureSigner";
import type { ApiClient } from "./apiClient";
import { endpoints } from "./endpoints";

/** Stop using a token this long before it expires, so a request never races the expiry. */
const EXPIRY_MARGIN_MS = 30_000;
/** Renew the (short-lived) access token when less than this is left: covers clock skew and slow requests. */
const RENEW_MARGIN_MS = 2 * 60_000;

export interface SessionHost {
  api: ApiClient;
  /** The API base requests go to now (from the settings). */
  apiBase(): Promise<string>;
  now(): number;
  /** Schedules (or with `null` cancels) the wake-up that signs out when the session ends without renewal. */
  scheduleExpiry(at: number | null): Promise<void>;
  /** The session ended without the user signing out (revoked, or run out): the watch stopped; tell the user. */
  onWatchStopped?(address: string): Promise<void>;
}

export interface Session {
  state(): Promise<SessionState>;
  /**
   * The token for API calls, renewed with the refresh token when it is about to expire; null when signed out (or
   * when renewal is impossible right now and the token has run out).
   */
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
    // The watch stops then unless the session is renewed (each use of the API renews it).
    expiresAt: session.refreshExpiresAt,
  };
}

/** Sign-in with Ethereum: the background builds the message, the user's wallet signs it, the API verifies it. */
export function createSession(host: SessionHost): Session {
  const live = async (): Promise<StoredSession | null> => {
    const session = await sessionItem.get();
    if (!session) return null;
    if (session.refreshExpiresAt - EXPIRY_MARGIN_MS <= host.now()) {
      await signOut("expired");
      return null;
    }
    // The user pointed Vigil at another API: this token must not travel there, so nobody is signed in there.
    // The session stays stored for its own API (pointing back restores it): switching servers is not a sign-out.
    if (session.apiUrl !== (await host.apiBase())) return null;
    return session;
  };

  /** One renewal at a time: a refresh token is single use, and presenting it twice ends the session. */
  let renewing: Promise<string | null> | null = null;

  async function renew(session: StoredSession): Promise<string | null> {
    let renewed: z.infer<typeof refreshResponseSchema>;
    try {
      renewed = await host.api(endpoints.refresh(session.refreshToken));
    } catch (error) {
      // Revoked, reused, or ended after long inactivity: only a new signature helps.
      if (error instanceof ApiError && error.isUnauthorized) {
        await signOut("expired");
        return null;
      }
      // The API is unreachable or failing: keep the session and try again on the next call.
      return session.expiresAt - EXPIRY_MARGIN_MS > host.now() ? session.token : null;
    }
    // Signed out (or in again) meanwhile: that newer state wins, this answer is dropped.
    if ((await sessionItem.get())?.refreshToken !== session.refreshToken)
      return (await live())?.token ?? null;
    const next: StoredSession = {
      ...session,
      token: renewed.token,
      expiresAt: Date.parse(renewed.expiresAt),
      refreshToken: renewed.refreshToken,
      refreshExpiresAt: Date.parse(renewed.refreshExpiresAt),
    };
    await sessionItem.set(next);
    await host.scheduleExpiry(next.refreshExpiresAt - EXPIRY_MARGIN_MS);
    return next.token;
  }

  async function token(): Promise<string | null> {
    const session = await live();
    if (!session) return null;
    if (session.expiresAt - RENEW_MARGIN_MS > host.now()) return session.token;
    renewing ??= renew(session).finally(() => {
      renewing = null;
    });
    return renewing;
  }

  async function signOut(reason: "signedOut" | "expired"): Promise<SessionState> {
    // Signing out on purpose also ends the session on the server (its tokens and sockets), best effort.
    const current = await sessionItem.get();
    const bearer =
      reason === "signedOut" && current && current.apiUrl === (await host.apiBase()) ? await token() : null;
    await sessionItem.remove();
    await pendingSignInItem.remove();
    await signedOutReasonItem.set(reason);
    await host.scheduleExpiry(null);
    if (bearer) {
      await host.api(endpoints.logout(bearer)).catch(() => undefined);
    }
    if (reason === "expired" && current) await host.onWatchStopped?.(current.address);
    return toState(null, reason);
  }

  return {
    async state() {
      const session = await live();
      return toState(session, session ? null : await signedOutReasonItem.get());
    },
    token,
    async prepareSignIn(address, walletChainId) {
      const apiUrl = await host.apiBase();
      // The nonce is bound to a verifier only this background holds: a page that sees the signature (a page
      // wallet's relay) cannot redeem it.
      const verifier = newSignInVerifier();
      const nonce = await host.api(endpoints.nonce(await signInChallengeOf(verifier)));
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
        verifier,
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
      const signedIn = await host.api(
        endpoints.signIn({ address: getAddress(address), signature, message, verifier: pending.verifier }),
      );
      // Never a session for another account than the one the user chose and signed for.
      if (!isAddressEqual(signedIn.user.address as Address, pending.address as Address)) {
        await pendingSignInItem.remove();
        // Nor is that session left open on the server.
        await host.api(endpoints.logout(signedIn.token)).catch(() => undefined);
        throw new ApiError(
          409,
          "wrong_account",
          `The API signed in ${signedIn.user.address}, not ${pending.address}, the account you chose. Not signed in.`,
        );
      }
      const session: StoredSession = {
        token: signedIn.token,
        apiUrl,
        address: getAddress(signedIn.user.address),
        userId: signedIn.user.id,
        expiresAt: Date.parse(signedIn.expiresAt),
        refreshToken: signedIn.refreshToken,
        refreshExpiresAt: Date.parse(signedIn.refreshExpiresAt),
      };
      await sessionItem.set(session);
      await pendingSignInItem.remove();
      await signedOutReasonItem.remove();
      await host.scheduleExpiry(session.refreshExpiresAt - EXPIRY_MARGIN_MS);
      return toState(session, null);
    },
    signOut,
  };
}
