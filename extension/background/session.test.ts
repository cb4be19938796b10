import { privateKeyToAccount } from "viem/accounts";
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { z } from "zod";
import { SIGN_IN_CHALLENGE_PATTERN, signInChallengeOf } from "../../shared/auth/signInChallenge";
import { ApiError } from "../lib/api/apiError";
import { pendingSignInItem, sessionItem } from "../lib/storage/session";
import type { ApiClient, ApiRequest } from "./apiClient";
import { createSession } from "./session";

const ADDRESS = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const NOW = Date.parse("2026-11-25T16:00:00.000Z");
const TOKEN_END = Date.parse("2026-11-25T17:00:00.000Z");
const SESSION_END = Date.parse("2026-12-25T16:00:00.000Z");
const REFRESH_1 = "r".repeat(43);
const REFRESH_2 = "s".repeat(43);

/** The API's answers for one sign-in and one renewal; records which paths were called, with what. */
function fakeApi(refreshFails?: ApiError) {
  const paths: string[] = [];
  const calls: { path: string; query?: string | undefined; body?: unknown; bearer?: string }[] = [];
  const answers: Record<string, unknown> = {
    "/auth/nonce": {
      nonce: "abcdef123456",
      expiresAt: "2026-11-25T16:05:00.000Z",
      scheme: "http",
      domain: "127.0.0.1:8787",
      uri: "http://127.0.0.1:8787/",
      chainIds: [31337],
      statement: "Sign in to Vigil.",
      version: "1",
    },
    "/auth/wallet": {
      token: "header.payload.signature",
      expiresAt: new Date(TOKEN_END).toISOString(),
      refreshToken: REFRESH_1,
      refreshExpiresAt: new Date(SESSION_END).toISOString(),
      user: {
        id: "350670db-19fa-4704-a166-e52e178b59d2",
        address: ADDRESS,
        createdAt: "2026-11-25T16:00:00.000Z",
        lastLoginAt: null,
      },
    },
  };
  answers["/auth/refresh"] = {
    token: "header.renewed.signature",
    expiresAt: new Date(TOKEN_END + 3600_000).toISOString(),
    refreshToken: REFRESH_2,
    refreshExpiresAt: new Date(SESSION_END + 3600_000).toISOString(),
  };
  const api: ApiClient = async <S extends z.ZodType>(request: ApiRequest<S>) => {
    const [path = "", query] = request.path.split("?");
    paths.push(path);
    calls.push({ path, query, body: request.body, bearer: request.bearer });
    // Let concurrent callers overlap, as real requests do.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (path === "/auth/refresh" && refreshFails) throw refreshFails;
    return request.schema.parse(answers[path]);
  };
  return { api, paths, calls };
}

const API = "http://127.0.0.1:8787";

function session(api: ApiClient, now = NOW, apiBase = API) {
  const expiries: Array<number | null> = [];
  const stopped: string[] = [];
  const instance = createSession({
    api,
    apiBase: async () => apiBase,
    now: () => now,
    scheduleExpiry: async (at) => {
      expiries.push(at);
    },
    onWatchStopped: async (address) => {
      stopped.push(address);
    },
  });
  return { instance, expiries, stopped };
}

const SIGNATURE = `0x${"11".repeat(65)}` as const;
// Anvil's test key #2 (ADDRESS) and key #1 (another account).
const user = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const stranger = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

/** A whole sign-in, signed by the chosen account. */
async function signInAsUser(instance: ReturnType<typeof createSession>) {
  const message = await instance.prepareSignIn(ADDRESS, 31337);
  return instance.completeSignIn(ADDRESS, message, await user.signMessage({ message }));
}

describe("session", () => {
  beforeEach(() => fakeBrowser.reset());

  it("binds the nonce to a verifier kept out of content scripts' reach, and sends it only with the signature", async () => {
    const { api, calls } = fakeApi();
    const { instance } = session(api);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    const challenge = new URLSearchParams(calls[0]!.query).get("challenge");
    expect(challenge).toMatch(SIGN_IN_CHALLENGE_PATTERN);
    expect(message).not.toContain(challenge!);
    // Kept in storage.session (trusted contexts only), not storage.local, which content scripts can read.
    expect(await fakeBrowser.storage.local.get("vigil:pendingSignIn")).toEqual({});
    const pending = await pendingSignInItem.get();
    expect(await signInChallengeOf(pending!.verifier)).toBe(challenge);

    await instance.completeSignIn(ADDRESS, message, await user.signMessage({ message }));
    const sent = calls.find((call) => call.path === "/auth/wallet")!.body as { verifier: string };
    expect(sent.verifier).toBe(pending!.verifier);
    // A second sign-in gets a new verifier.
    await instance.prepareSignIn(ADDRESS, 31337);
    expect((await pendingSignInItem.get())!.verifier).not.toBe(pending!.verifier);
  });

  it("signs in with the message it built, stores the token, and schedules the expiry", async () => {
    const { api, paths } = fakeApi();
    const { instance, expiries } = session(api);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    expect(message).toContain("http://127.0.0.1:8787 wants you to sign in with your Ethereum account:");

    const state = await instance.completeSignIn(ADDRESS, message, await user.signMessage({ message }));
    expect(state).toEqual({
      status: "signedIn",
      address: ADDRESS,
      userId: "350670db-19fa-4704-a166-e52e178b59d2",
      expiresAt: SESSION_END,
    });
    expect(paths).toEqual(["/auth/nonce", "/auth/wallet"]);
    expect(await instance.token()).toBe("header.payload.signature");
    expect(await pendingSignInItem.get()).toBeNull();
    expect(expiries).toEqual([SESSION_END - 30_000]);
    expect((await sessionItem.get())?.refreshToken).toBe(REFRESH_1);
  });

  it("refuses to send a message it did not build, without asking the API", async () => {
    const { api, paths } = fakeApi();
    const { instance } = session(api);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    const forged = message.replace("Sign in to Vigil.", "Transfer everything.");
    await expect(instance.completeSignIn(ADDRESS, forged, SIGNATURE)).rejects.toMatchObject({
      code: "unknown_sign_in",
      status: 400,
    });
    await expect(
      instance.completeSignIn("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", message, SIGNATURE),
    ).rejects.toBeInstanceOf(ApiError);
    expect(paths).toEqual(["/auth/nonce"]);
    expect(await sessionItem.get()).toBeNull();
  });

  it("refuses a signature by another key (a page answering personal_sign), without asking the API", async () => {
    const { api, paths } = fakeApi();
    const { instance } = session(api);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    await expect(
      instance.completeSignIn(ADDRESS, message, await stranger.signMessage({ message })),
    ).rejects.toMatchObject({
      code: "wrong_signer",
      message: `The signature is from ${stranger.address}, not ${ADDRESS}, the account you chose. Nothing was sent.`,
    });
    await expect(instance.completeSignIn(ADDRESS, message, SIGNATURE)).rejects.toMatchObject({
      code: "unknown_sign_in",
    });
    expect(paths).toEqual(["/auth/nonce"]);
    expect(await sessionItem.get()).toBeNull();
  });

  it("stores no session when the API signs in another account than the chosen one", async () => {
    const { api } = fakeApi();
    const other: ApiClient = async <S extends z.ZodType>(request: ApiRequest<S>) => {
      const answer = await api(request);
      if (request.path !== "/auth/wallet") return answer;
      const signedIn = answer as { user: object };
      return { ...signedIn, user: { ...signedIn.user, address: stranger.address } } as z.infer<S>;
    };
    const { instance } = session(other);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    await expect(
      instance.completeSignIn(ADDRESS, message, await user.signMessage({ message })),
    ).rejects.toMatchObject({ code: "wrong_account", status: 409 });
    expect(await sessionItem.get()).toBeNull();
  });

  it("refuses a sign-in whose nonce expired", async () => {
    const { api } = fakeApi();
    const message = await session(api).instance.prepareSignIn(ADDRESS, 31337);
    const later = session(api, Date.parse("2026-11-25T16:06:00.000Z")).instance;
    await expect(later.completeSignIn(ADDRESS, message, SIGNATURE)).rejects.toMatchObject({
      code: "sign_in_expired",
    });
  });

  it("treats an expired session as signed out and forgets the token", async () => {
    await sessionItem.set({
      token: "t",
      apiUrl: API,
      address: ADDRESS,
      userId: "u",
      expiresAt: NOW - 3600_000,
      refreshToken: REFRESH_1,
      refreshExpiresAt: NOW + 10_000,
    });
    const { instance, expiries, stopped } = session(fakeApi().api);
    expect(await instance.state()).toEqual({ status: "signedOut", reason: "expired" });
    expect(await instance.token()).toBeNull();
    expect(await sessionItem.get()).toBeNull();
    expect(expiries).toEqual([null]);
    // The watch stopped without the user asking: they are told, once.
    expect(stopped).toEqual([ADDRESS]);
  });

  it("never hands the token to another API, and pointing back at its own API restores the session", async () => {
    const { api, paths } = fakeApi();
    const first = session(api).instance;
    const message = await first.prepareSignIn(ADDRESS, 31337);
    await first.completeSignIn(ADDRESS, message, await user.signMessage({ message }));
    const stored = await sessionItem.get();
    const sent = paths.length;
    const elsewhere = session(api, NOW, "https://other.example").instance;
    expect(await elsewhere.token()).toBeNull();
    expect((await elsewhere.state()).status).toBe("signedOut");
    // Nothing went to the other API, and the session was not ended: it belongs to its own API still.
    expect(paths.length).toBe(sent);
    expect(await sessionItem.get()).toEqual(stored);
    const back = session(api).instance;
    expect(await back.state()).toMatchObject({ status: "signedIn", address: ADDRESS });
    expect(await back.token()).toBe(stored?.token);
  });

  it("refuses to finish a sign-in started against another API", async () => {
    const { api, paths } = fakeApi();
    const message = await session(api).instance.prepareSignIn(ADDRESS, 31337);
    const elsewhere = session(api, NOW, "https://other.example").instance;
    await expect(elsewhere.completeSignIn(ADDRESS, message, SIGNATURE)).rejects.toMatchObject({
      code: "api_changed",
    });
    expect(paths).toEqual(["/auth/nonce"]);
  });

  it("signs out: token and pending sign-in are gone", async () => {
    const { api } = fakeApi();
    const { instance } = session(api);
    const message = await instance.prepareSignIn(ADDRESS, 31337);
    await instance.completeSignIn(ADDRESS, message, await user.signMessage({ message }));
    expect(await instance.signOut("signedOut")).toEqual({ status: "signedOut", reason: "signedOut" });
    expect(await sessionItem.get()).toBeNull();
    expect(await instance.token()).toBeNull();
  });

  it("renews the access token shortly before it expires, once for concurrent callers, and slides the end", async () => {
    const { api, calls } = fakeApi();
    const { instance } = session(api);
    await signInAsUser(instance);
    // Two minutes before the access token expires: renew.
    const later = session(api, TOKEN_END - 90_000);
    const tokens = await Promise.all([
      later.instance.token(),
      later.instance.token(),
      later.instance.token(),
    ]);
    expect(tokens).toEqual(Array(3).fill("header.renewed.signature"));
    const refreshes = calls.filter((call) => call.path === "/auth/refresh");
    expect(refreshes).toEqual([
      { path: "/auth/refresh", body: { refreshToken: REFRESH_1 }, bearer: undefined },
    ]);
    expect(await sessionItem.get()).toMatchObject({
      token: "header.renewed.signature",
      refreshToken: REFRESH_2,
      expiresAt: TOKEN_END + 3600_000,
      refreshExpiresAt: SESSION_END + 3600_000,
    });
    expect(later.expiries).toEqual([SESSION_END + 3600_000 - 30_000]);
    expect(await later.instance.state()).toMatchObject({
      status: "signedIn",
      expiresAt: SESSION_END + 3600_000,
    });
    // The renewed token is used as is until it too nears its end.
    expect(await later.instance.token()).toBe("header.renewed.signature");
    expect(calls.filter((call) => call.path === "/auth/refresh")).toHaveLength(1);
  });

  it("does not renew a token with time left", async () => {
    const { api, calls } = fakeApi();
    const { instance } = session(api);
    await signInAsUser(instance);
    expect(await session(api, TOKEN_END - 5 * 60_000).instance.token()).toBe("header.payload.signature");
    expect(calls.map((call) => call.path)).not.toContain("/auth/refresh");
  });

  it("signs out as expired when the API refuses the renewal (revoked, reused or ended)", async () => {
    const refused = new ApiError(401, "unauthorized", "This session was signed out; sign in again.");
    const { api } = fakeApi(refused);
    const { instance } = session(api);
    await signInAsUser(instance);
    const { instance: later, stopped } = session(api, TOKEN_END - 60_000);
    expect(await later.token()).toBeNull();
    expect(await later.state()).toEqual({ status: "signedOut", reason: "expired" });
    expect(await sessionItem.get()).toBeNull();
    expect(stopped).toEqual([ADDRESS]);
  });

  it("keeps the session when the API cannot be reached, using the token while it lasts", async () => {
    const { api } = fakeApi(new ApiError(0, "network", "Could not reach the Vigil API."));
    const { instance } = session(api);
    await signInAsUser(instance);
    expect(await session(api, TOKEN_END - 60_000).instance.token()).toBe("header.payload.signature");
    // Past the token's end, nothing to send, but still signed in: the next call tries again.
    const afterTokenEnd = session(api, TOKEN_END + 60_000).instance;
    expect(await afterTokenEnd.token()).toBeNull();
    expect(await afterTokenEnd.state()).toMatchObject({ status: "signedIn" });
    expect((await sessionItem.get())?.refreshToken).toBe(REFRESH_1);
  });

  it("ends the session on the server too when the user signs out", async () => {
    const { api, calls } = fakeApi();
    const { instance, stopped } = session(api);
    await signInAsUser(instance);
    await instance.signOut("signedOut");
    // Signing out on purpose is not a watch that stopped behind the user's back.
    expect(stopped).toEqual([]);
    expect(calls.at(-1)).toEqual({
      path: "/auth/logout",
      body: undefined,
      bearer: "header.payload.signature",
    });
    expect(await sessionItem.get()).toBeNull();
  });
});
