import { env } from "cloudflare:workers";
import { decode, sign } from "hono/jwt";
import {
  type Address,
  concatHex,
  encodeAbiParameters,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
  parseAbi,
  serializeErc6492Signature,
  toHex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, inject, it } from "vitest";
import { buildSignInMessage } from "../../../shared/auth/buildSignInMessage";
import { newSignInVerifier, signInChallengeOf } from "../../../shared/auth/signInChallenge";
import type { MeResponse, SignInResponse } from "../../../shared/schemas/auth";
import { chain } from "../../test/devnet";
import {
  anvilAccount,
  buildMessage,
  call,
  errorOf,
  freshIp,
  getNonce,
  postSignIn,
  signIn,
} from "../../test/helpers";

// The happy path uses an anvil key; refusals use throwaway wallets so the per-address limit never couples tests.
const anvilUser = anvilAccount(1);
const newWallet = () => privateKeyToAccount(generatePrivateKey());

/** Signs a message built from a fresh nonce (with overrides) and posts it; returns the response. */
async function attempt(
  overrides: Parameters<typeof buildMessage>[2],
  { signerIsOther = false, claimOther = false } = {},
): Promise<Response> {
  const ip = freshIp();
  const wallet = newWallet();
  const other = newWallet();
  const message = buildMessage(wallet, await getNonce(ip), overrides);
  const signer = signerIsOther ? other : wallet;
  const claimed = claimOther ? other.address : wallet.address;
  const signature = await signer.signMessage({ message });
  return postSignIn(ip, { address: claimed, message, signature });
}

async function expectRefused(response: Response, reason: string): Promise<void> {
  expect(response.status).toBe(401);
  const error = await errorOf(response);
  expect(error.code).toBe("unauthorized");
  expect(error.details?.reason).toBe(reason);
}

describe("sign-in with Ethereum", () => {
  it("hands out everything needed to build the message", async () => {
    const nonce = await getNonce(freshIp());
    expect(nonce.nonce).toMatch(/^[a-zA-Z0-9]{8,}$/);
    expect(nonce.domain).toBe("127.0.0.1:8787");
    expect(nonce.uri).toBe("http://127.0.0.1:8787/");
    expect(nonce.chainIds).toEqual([31337]);
    expect(Date.parse(nonce.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
  });

  it("names the API's own origin in the message even when Vigil's extension asks", async () => {
    // An extension id is no EIP-4361 domain (no host): the extension is bound by its Origin header instead.
    const extensionOrigin = "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn";
    const response = await call("/auth/nonce", { ip: freshIp(), headers: { Origin: extensionOrigin } });
    const nonce = (await response.json()) as { domain: string; uri: string };
    expect(nonce.domain).toBe("127.0.0.1:8787");
    expect(nonce.uri).toBe("http://127.0.0.1:8787/");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(extensionOrigin);
  });

  it("signs in with a real signature, creates the user once, and serves /me", async () => {
    const first = await signIn(anvilUser);
    expect(first.user.address).toBe(anvilUser.address);
    expect(first.token.split(".")).toHaveLength(3);
    // A short-lived access token; the session lives on in the refresh token (30 days, sliding).
    expect(Math.abs(Date.parse(first.expiresAt) - Date.now() - 3600_000)).toBeLessThan(60_000);
    const thirtyDays = 30 * 24 * 3600_000;
    expect(Math.abs(Date.parse(first.refreshExpiresAt) - Date.now() - thirtyDays)).toBeLessThan(60_000);
    expect(first.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const second = await signIn(anvilUser);
    expect(second.user.id).toBe(first.user.id);

    const me = await call("/me", { token: second.token });
    expect(me.status).toBe(200);
    const body = (await me.json()) as MeResponse;
    expect(body.user.id).toBe(first.user.id);
    expect(body.subscription.tier).toBe("free");
    expect(body.subscription.limits.maxRules).toBe(3);
  });

  it("signs in a contract wallet (ERC-1271): its owner signs, the contract vouches on-chain", async () => {
    // devnet/contracts/TestSmartWallet.sol, deployed by the global setup, owned by the devnet's supplier (index 1).
    const smartWallet = inject("smartWallet");
    const owner = anvilAccount(1);
    const ip = freshIp();
    const message = buildMessage({ ...owner, address: smartWallet }, await getNonce(ip));
    const signature = await owner.signMessage({ message });
    const response = await postSignIn(ip, { address: smartWallet, message, signature });
    expect(response.status).toBe(200);
    expect(((await response.json()) as SignInResponse).user.address).toBe(smartWallet);

    // The same signature does not make the owner's key sign in as a different contract-less address.
    const stranger = newWallet();
    const ip2 = freshIp();
    const forged = buildMessage({ ...stranger, address: smartWallet }, await getNonce(ip2));
    const badSignature = await stranger.signMessage({ message: forged });
    await expectRefused(
      await postSignIn(ip2, { address: smartWallet, message: forged, signature: badSignature }),
      "signature_invalid",
    );
  });

  it("refuses a replayed nonce", async () => {
    const ip = freshIp();
    const wallet = newWallet();
    const message = buildMessage(wallet, await getNonce(ip));
    const signature = await wallet.signMessage({ message });
    expect((await postSignIn(ip, { address: wallet.address, message, signature })).status).toBe(200);
    await expectRefused(
      await postSignIn(ip, { address: wallet.address, message, signature }),
      "nonce_invalid",
    );
  });

  it("refuses a nonce it never issued", async () => {
    await expectRefused(await attempt({ nonce: "abcdefgh12345678" }), "nonce_invalid");
  });

  it("refuses a foreign domain, a foreign URI and an unsupported chain", async () => {
    await expectRefused(await attempt({ domain: "evil.example" }), "domain_not_allowed");
    await expectRefused(await attempt({ uri: "https://evil.example/" }), "uri_mismatch");
    await expectRefused(await attempt({ chainId: 1 }), "chain_not_supported");
  });

  it("refuses expired, not-yet-valid and stale messages", async () => {
    const now = Date.now();
    await expectRefused(
      await attempt({ issuedAt: new Date(now - 120_000), expirationTime: new Date(now - 60_000) }),
      "message_expired",
    );
    await expectRefused(await attempt({ notBefore: new Date(now + 3600_000) }), "message_not_yet_valid");
    await expectRefused(await attempt({ issuedAt: new Date(now - 3600_000) }), "issued_at_invalid");
  });

  it("refuses a signature by another address and a message for another address", async () => {
    await expectRefused(await attempt({}, { signerIsOther: true }), "signature_invalid");
    await expectRefused(await attempt({}, { claimOther: true }), "address_mismatch");
  });

  it("answers 400 for a body that is not a sign-in request", async () => {
    const ip = freshIp();
    const garbled = await postSignIn(ip, {
      address: newWallet().address,
      message: "hello",
      signature: `0x${"11".repeat(65)}`,
    });
    expect(garbled.status).toBe(400);
    expect((await errorOf(garbled)).details?.fields?.[0]?.path).toBe("message");
    const badAddress = await postSignIn(ip, { address: "0x1234", message: "x", signature: "0x00" });
    expect(badAddress.status).toBe(400);
    const paths = (await errorOf(badAddress)).details?.fields?.map((field) => field.path);
    expect(paths).toEqual(expect.arrayContaining(["address", "signature"]));
  });
});

// devnet/contracts/TestSmartWalletFactory.sol (deployed by the global setup) and the TestSmartWallet it creates.
const walletFactoryAbi = parseAbi([
  "function deploy(address owner, bytes32 salt) returns (address wallet)",
  "function walletAddress(address owner, bytes32 salt) view returns (address)",
]);
const smartWalletConstructorAbi = parseAbi(["constructor(address owner)"]);
/** ERC-6492's magic suffix: 0x6492 repeated to 32 bytes. */
const ERC6492_MAGIC_SUFFIX: Hex = `0x${"6492".repeat(16)}`;

interface CounterfactualWallet {
  address: Address;
  salt: Hex;
  factory: Address;
  /** The call to `factory` that would deploy the wallet. */
  factoryData: Hex;
}

/** A TestSmartWallet owned by `owner` that nobody has deployed: a fresh CREATE2 salt, so a fresh address. */
function counterfactualWallet(owner: Address): CounterfactualWallet {
  const factory = inject("smartWalletFactory");
  const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const address = getContractAddress({
    opcode: "CREATE2",
    from: factory,
    salt,
    bytecode: encodeDeployData({
      abi: smartWalletConstructorAbi,
      bytecode: inject("smartWalletCreationCode"),
      args: [owner],
    }),
  });
  const factoryData = encodeFunctionData({
    abi: walletFactoryAbi,
    functionName: "deploy",
    args: [owner, salt],
  });
  return { address, salt, factory, factoryData };
}

/** Fresh nonce, message for the wallet's address, signed by `signer`, the signature shaped by `wrap`; posted. */
async function signInCounterfactual(
  wallet: CounterfactualWallet,
  signer: ReturnType<typeof anvilAccount>,
  wrap: (ownerSignature: Hex) => Hex,
): Promise<Response> {
  const ip = freshIp();
  const message = buildSignInMessage({ nonce: await getNonce(ip), address: wallet.address });
  const signature = wrap(await signer.signMessage({ message }));
  return postSignIn(ip, { address: wallet.address, message, signature });
}

const wrapWithFactory = (wallet: CounterfactualWallet) => (signature: Hex) =>
  serializeErc6492Signature({ address: wallet.factory, data: wallet.factoryData, signature });

async function usersWithAddress(address: Address): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE lower(address) = lower(?)")
    .bind(address)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe("sign-in from a counterfactual contract wallet (ERC-6492)", () => {
  // TestSmartWallet checks the owner's personal_sign signature, exactly as in the ERC-1271 test above.
  const owner = anvilAccount(1);

  it("signs in a wallet that is not deployed yet, without deploying it", async () => {
    const wallet = counterfactualWallet(owner.address);
    // viem's CREATE2 address is the one the factory itself would deploy to; nothing is there yet.
    expect(
      await chain.readContract({
        address: wallet.factory,
        abi: walletFactoryAbi,
        functionName: "walletAddress",
        args: [owner.address, wallet.salt],
      }),
    ).toBe(wallet.address);
    expect(await chain.getCode({ address: wallet.address })).toBeUndefined();

    // Without the factory call the chain cannot know the wallet: the owner's bare signature is refused.
    await expectRefused(
      await signInCounterfactual(wallet, owner, (signature) => signature),
      "signature_invalid",
    );

    const response = await signInCounterfactual(wallet, owner, wrapWithFactory(wallet));
    expect(response.status).toBe(200);
    const body = (await response.json()) as SignInResponse;
    expect(body.user.address).toBe(wallet.address);
    expect(decode(body.token).payload).toMatchObject({ sub: body.user.id, address: wallet.address });
    const me = await call("/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as MeResponse).user.address).toBe(wallet.address);
    expect(await usersWithAddress(wallet.address)).toBe(1);

    // The verifier only simulated the deployment (eth_call): the wallet is still counterfactual.
    expect(await chain.getCode({ address: wallet.address })).toBeUndefined();
  });

  it("refuses a wrapped signature from someone other than the wallet's owner, creating no user", async () => {
    const wallet = counterfactualWallet(owner.address);
    const stranger = newWallet();
    const response = await signInCounterfactual(wallet, stranger, wrapWithFactory(wallet));
    expect(response.status).toBe(401);
    const error = await errorOf(response);
    expect(error.code).toBe("unauthorized");
    expect(error.details?.reason).toBe("signature_invalid");
    expect(error.message).toMatch(/signature/i);
    expect(await usersWithAddress(wallet.address)).toBe(0);
    expect(await chain.getCode({ address: wallet.address })).toBeUndefined();

    // Nor does a wrapper that deploys the stranger's own wallet vouch for the owner's address.
    const strangersWallet = counterfactualWallet(stranger.address);
    await expectRefused(
      await signInCounterfactual(wallet, stranger, (signature) =>
        serializeErc6492Signature({
          address: strangersWallet.factory,
          data: strangersWallet.factoryData,
          signature,
        }),
      ),
      "signature_invalid",
    );
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("answers a malformed ERC-6492 wrapper with 400 or 401, never 500, and creates no user", async () => {
    const wallet = counterfactualWallet(owner.address);
    const noContract = newWallet().address;
    const malformed: Record<string, (signature: Hex) => Hex> = {
      "the magic suffix after bytes that are no (factory, calldata, signature) tuple": (signature) =>
        concatHex([signature, ERC6492_MAGIC_SUFFIX]),
      "a factory address with no code": (signature) =>
        serializeErc6492Signature({ address: noContract, data: wallet.factoryData, signature }),
      "factory calldata that reverts": (signature) =>
        serializeErc6492Signature({ address: wallet.factory, data: "0xdeadbeef", signature }),
      "a truncated wrapper": (signature) =>
        concatHex([
          encodeAbiParameters(
            [{ type: "address" }, { type: "bytes" }, { type: "bytes" }],
            [wallet.factory, wallet.factoryData, signature],
          ).slice(0, 200) as Hex,
          ERC6492_MAGIC_SUFFIX,
        ]),
    };
    for (const [label, wrap] of Object.entries(malformed)) {
      const response = await signInCounterfactual(wallet, owner, wrap);
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect((await errorOf(response)).details?.reason).toBe("signature_invalid");
    }

    // Only the magic suffix, no wrapper at all: too short to be a signature, so the body is invalid (400).
    const ip = freshIp();
    const message = buildSignInMessage({ nonce: await getNonce(ip), address: wallet.address });
    const bare = await postSignIn(ip, { address: wallet.address, message, signature: ERC6492_MAGIC_SUFFIX });
    expect(bare.status).toBe(400);
    expect((await errorOf(bare)).details?.fields?.map((field) => field.path)).toEqual(["signature"]);

    expect(await usersWithAddress(wallet.address)).toBe(0);
    expect(await chain.getCode({ address: wallet.address })).toBeUndefined();
  });
});

describe("session tokens", () => {
  async function session(): Promise<SignInResponse> {
    return signIn(newWallet());
  }

  it("refuses a missing or malformed Authorization header", async () => {
    await expectRefused(await call("/me"), "token_missing");
    await expectRefused(await call("/me", { headers: { Authorization: "Basic abc" } }), "token_missing");
  });

  it("refuses a tampered token", async () => {
    const { token } = await session();
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).replace(/=+$/, "");
    await expectRefused(await call("/me", { token: `${header}.${forged}.${signature}` }), "token_invalid");
    const flipped = signature.startsWith("A") ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    await expectRefused(await call("/me", { token: `${header}.${payload}.${flipped}` }), "token_invalid");
  });

  it("refuses alg: none and tokens signed with another secret", async () => {
    const { token, user } = await session();
    const payload = token.split(".")[1];
    const none = btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, "");
    await expectRefused(await call("/me", { token: `${none}.${payload}.` }), "token_invalid");
    const now = Math.floor(Date.now() / 1000);
    const foreign = await sign(
      { sub: user.id, address: user.address, iat: now, exp: now + 60 },
      "another-secret-another-secret-another",
      "HS256",
    );
    await expectRefused(await call("/me", { token: foreign }), "token_invalid");
  });

  it("refuses an expired token", async () => {
    const { user } = await session();
    const past = Math.floor(Date.now() / 1000) - 8 * 24 * 3600;
    const expired = await sign(
      { sub: user.id, address: user.address, iat: past, exp: past + 7 * 24 * 3600 },
      env.JWT_SECRET,
      "HS256",
    );
    await expectRefused(await call("/me", { token: expired }), "token_expired");
  });

  it("refuses the token of a deleted user", async () => {
    const { token, user } = await signIn(newWallet());
    expect((await call("/me", { token })).status).toBe(200);
    await env.DB.prepare("DELETE FROM users WHERE id = ?").bind(user.id).run();
    await expectRefused(await call("/me", { token }), "user_not_found");
  });
});

describe("sign-in bound to the client that started it (PKCE S256)", () => {
  /** A nonce requested with a challenge, and a message the wallet signed for it. */
  async function signedWithChallenge() {
    const ip = freshIp();
    const wallet = newWallet();
    const verifier = newSignInVerifier();
    const message = buildMessage(wallet, await getNonce(ip, await signInChallengeOf(verifier)));
    const signature = await wallet.signMessage({ message });
    return { ip, wallet, verifier, message, signature };
  }

  it("a signature seen on its way back cannot be redeemed without the verifier; the client holding it can", async () => {
    const { ip, wallet, verifier, message, signature } = await signedWithChallenge();
    // Someone who saw the message and signature (a page relaying the wallet), from its own server, no Origin.
    const thief = freshIp();
    await expectRefused(
      await postSignIn(thief, { address: wallet.address, message, signature }),
      "verifier_missing",
    );
    await expectRefused(
      await postSignIn(thief, { address: wallet.address, message, signature, verifier: newSignInVerifier() }),
      "verifier_invalid",
    );
    // The nonce was not used up by the refusals: the client that started the sign-in finishes it.
    const own = await postSignIn(ip, { address: wallet.address, message, signature, verifier });
    expect(own.status, await own.clone().text()).toBe(200);
  });

  it("refuses a malformed challenge or verifier with what is wrong", async () => {
    const badChallenge = await call("/auth/nonce?challenge=short", { ip: freshIp() });
    expect(badChallenge.status).toBe(400);
    expect((await errorOf(badChallenge)).message).toMatch(/challenge/);
    const { ip, wallet, message, signature } = await signedWithChallenge();
    const badVerifier = await postSignIn(ip, { address: wallet.address, message, signature, verifier: "x" });
    expect(badVerifier.status).toBe(400);
    expect((await errorOf(badVerifier)).message).toMatch(/verifier/);
  });
});

describe("rate limits", () => {
  it("limits sign-in requests per IP with a retry hint", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call("/auth/nonce", { ip })).status);
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    const limited = await call("/auth/nonce", { ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    const error = await errorOf(limited);
    expect(error.code).toBe("rate_limited");
    expect(error.details?.retryAfterSeconds).toBe(60);
  });

  it("limits failed signatures per address across IPs; junk in a wallet's name never locks it out", async () => {
    const dave = newWallet();
    const attacker = newWallet();
    // Junk (no message, no nonce) costs nothing to check and is not counted against the address.
    for (let i = 0; i < 12; i++) {
      const junk = await postSignIn(freshIp(), {
        address: dave.address,
        message: "not a message",
        signature: `0x${"22".repeat(65)}`,
      });
      expect(junk.status).toBe(400);
    }
    // Well-formed messages in dave's name signed by someone else: ten are refused as such, then the limit.
    const forged = async () => {
      const ip = freshIp();
      const message = buildMessage(dave, await getNonce(ip));
      return postSignIn(ip, {
        address: dave.address,
        message,
        signature: await attacker.signMessage({ message }),
      });
    };
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await forged()).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    // Dave's own signature still signs him in.
    const ip = freshIp();
    const message = buildMessage(dave, await getNonce(ip));
    const own = await postSignIn(ip, {
      address: dave.address,
      message,
      signature: await dave.signMessage({ message }),
    });
    expect(own.status).toBe(200);
  });
});

describe("OpenAPI document", () => {
  it("documents every route with the shared schemas", async () => {
    const response = await call("/openapi.json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      paths: Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/auth/nonce",
        "/auth/wallet",
        "/health",
        "/me",
        "/rules",
        "/rules/{id}",
        "/rules/{id}/disable",
        "/rules/{id}/enable",
        "/transactions",
        "/transactions/{id}",
      ]),
    );
    expect(doc.components.schemas.WalletSignIn?.required?.sort()).toEqual([
      "address",
      "message",
      "signature",
    ]);
    expect(doc.components.schemas.Error).toBeDefined();
    expect(doc.paths["/me"]?.get?.security).toEqual([{ Bearer: [] }]);
  });
});
