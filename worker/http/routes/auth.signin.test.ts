import { env } from "cloudflare:workers";
import { getAddress, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { buildSignInMessage } from "../../../shared/auth/buildSignInMessage";
import type { NonceResponse, SignInResponse } from "../../../shared/schemas/auth";
import {
  buildMessage,
  call,
  errorOf,
  freshIp,
  getNonce,
  ORIGIN,
  postSignIn,
  signIn,
} from "../../test/helpers";

// Sign-in binds to Vigil and to one account. Every attack uses a real signature by the wallet it names, so the
// only thing wrong is what is under test; each is refused with its exact status and reason, and creates no user.
const newWallet = () => privateKeyToAccount(generatePrivateKey());
const VIGIL_EXTENSION = "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn";

async function usersWithAddress(address: string): Promise<number> {
  const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM users WHERE lower(address) = lower(?)")
    .bind(address)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

/** Signs `message` with `wallet` and posts it (optionally from a browser Origin). */
async function post(
  wallet: LocalAccount,
  ip: string,
  message: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const signature = await wallet.signMessage({ message });
  return call("/auth/wallet", {
    method: "POST",
    ip,
    headers,
    json: { address: wallet.address, message, signature },
  });
}

async function expectStatus(response: Response, status: number, code: string, reason: string): Promise<void> {
  const error = await errorOf(response);
  expect({ status: response.status, code: error.code, reason: error.details?.reason }).toEqual({
    status,
    code,
    reason,
  });
}

describe("sign-in is bound to Vigil's own origins", () => {
  it.each([
    ["a hostile web page", "https://evil.example"],
    ["another extension", "chrome-extension://abcdefghijklmnopabcdefghijklmnop"],
    ["a wildcard-looking origin", "chrome-extension://*"],
    ["Vigil's id as a subdomain", "chrome-extension://mddmjekbcnknncbhnamppcldcpfgiehn.evil.example"],
    ["the API's host as a prefix", "http://127.0.0.1:8787.evil.example"],
    ["the API on another port", "http://127.0.0.1:8788"],
    ["the API over https", "https://127.0.0.1:8787"],
    ["an opaque origin", "null"],
  ])("refuses a sign-in posted from %s (%s), creating no user", async (_label, origin) => {
    const wallet = newWallet();
    const ip = freshIp();
    const message = buildMessage(wallet, await getNonce(ip));
    await expectStatus(
      await post(wallet, ip, message, { Origin: origin }),
      401,
      "unauthorized",
      "origin_not_allowed",
    );
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("accepts the real flow from Vigil's extension and from a client without an Origin", async () => {
    const wallet = newWallet();
    const ip = freshIp();
    const nonce = await (await call("/auth/nonce", { ip, headers: { Origin: VIGIL_EXTENSION } })).json();
    const fromExtension = await post(wallet, ip, buildMessage(wallet, nonce as NonceResponse), {
      Origin: VIGIL_EXTENSION,
    });
    expect(fromExtension.status).toBe(200);
    expect(fromExtension.headers.get("Access-Control-Allow-Origin")).toBe(VIGIL_EXTENSION);
    const tool = await signIn(wallet);
    expect(tool.user.id).toBe(((await fromExtension.json()) as SignInResponse).user.id);
  });

  it("never names a foreign origin in the message, even when asked from one", async () => {
    const nonce = await (
      await call("/auth/nonce", { ip: freshIp(), headers: { Origin: "https://evil.example" } })
    ).json();
    expect(nonce).toMatchObject({ scheme: "http", domain: "127.0.0.1:8787", uri: `${ORIGIN}/` });
  });
});

describe("the message must be exactly what the server issued with the nonce", () => {
  async function attempt(edit: (nonce: NonceResponse) => string, wallet = newWallet()): Promise<Response> {
    const ip = freshIp();
    const nonce = await getNonce(ip);
    return post(wallet, ip, edit(nonce));
  }

  it("refuses another statement, a missing statement and one with words added", async () => {
    const wallet = newWallet();
    for (const statement of [
      "Sign in to Vigil.",
      undefined,
      `${"Sign in to Vigil to watch your DeFi positions. This does not send a transaction or cost gas."} Also approve USDC.`,
    ]) {
      const response = await attempt((nonce) => buildMessage(wallet, nonce, { statement }), wallet);
      await expectStatus(response, 401, "unauthorized", "statement_mismatch");
    }
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("refuses another URI on the same origin, and a foreign one", async () => {
    const wallet = newWallet();
    for (const uri of [`${ORIGIN}/login`, `${ORIGIN}/?next=https://evil.example`, "https://evil.example/"]) {
      const response = await attempt((nonce) => buildMessage(wallet, nonce, { uri }), wallet);
      await expectStatus(response, 401, "unauthorized", "uri_mismatch");
    }
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("refuses a nonce issued for one allowed origin in a message for another", async () => {
    const wallet = newWallet();
    const ip = freshIp();
    const forLocalhost = (await (
      await call("/auth/nonce", { ip, headers: { Origin: "http://localhost:8787" } })
    ).json()) as NonceResponse;
    expect(forLocalhost.domain).toBe("localhost:8787");
    const message = buildMessage(wallet, { ...forLocalhost, domain: "127.0.0.1:8787", uri: `${ORIGIN}/` });
    await expectStatus(await post(wallet, ip, message), 401, "unauthorized", "domain_mismatch");
    // The same nonce, as issued, still works: the refusal burnt nothing.
    expect((await post(wallet, ip, buildMessage(wallet, forLocalhost))).status).toBe(200);
  });

  it("refuses extra and injected lines with 400 (the client built it wrong), creating no user", async () => {
    const wallet = newWallet();
    const cases: [string, (message: string) => string, string][] = [
      ["a Resources line", (m) => `${m}\nResources:\n- https://evil.example/`, "field_not_allowed"],
      [
        "a trailing line",
        (m) => `${m}\nSend 1 ETH to 0x0000000000000000000000000000000000000001`,
        "message_not_canonical",
      ],
      [
        "a line inside the statement block",
        (m) => m.replace("\n\nURI:", "\nApprove USDC.\n\nURI:"),
        "message_not_canonical",
      ],
      ["a blank line between fields", (m) => m.replace("\nVersion:", "\n\nVersion:"), "message_malformed"],
      [
        "a date not written canonically",
        (m) => m.replace(/(Issued At: .*)\.\d{3}Z/, "$1Z"),
        "message_not_canonical",
      ],
    ];
    for (const [label, edit, reason] of cases) {
      const ip = freshIp();
      const message = edit(buildMessage(wallet, await getNonce(ip)));
      const response = await post(wallet, ip, message);
      const error = await errorOf(response);
      expect({ label, status: response.status, code: error.code, reason: error.details?.reason }).toEqual({
        label,
        status: 400,
        code: "validation_failed",
        reason,
      });
      expect(error.details?.fields?.map((field) => field.path)).toEqual(["message"]);
    }
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("refuses a replayed nonce, also after the user signed out", async () => {
    const wallet = newWallet();
    const ip = freshIp();
    const message = buildMessage(wallet, await getNonce(ip));
    const first = await post(wallet, ip, message);
    expect(first.status).toBe(200);
    const { token } = (await first.json()) as SignInResponse;
    expect((await call("/auth/logout", { method: "POST", token })).status).toBe(204);
    await expectStatus(await post(wallet, ip, message), 401, "unauthorized", "nonce_invalid");
  });

  it("lets one of several simultaneous uses of one signed nonce through, and only one session start", async () => {
    const wallet = newWallet();
    const ip = freshIp();
    const message = buildMessage(wallet, await getNonce(ip));
    const responses = await Promise.all([1, 2, 3, 4].map(() => post(wallet, ip, message)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 401, 401, 401]);
    for (const refused of responses.filter((response) => response.status === 401)) {
      expect((await errorOf(refused)).details?.reason).toBe("nonce_invalid");
    }
    const sessions = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE u.address = ?",
    )
      .bind(wallet.address.toLowerCase())
      .first<{ n: number }>();
    expect(sessions?.n).toBe(1);
  });
});

describe("one key is one user", () => {
  it("refuses a message whose address is not EIP-55 checksummed, even with the right signature", async () => {
    const wallet = newWallet();
    for (const written of [wallet.address.toLowerCase(), `0x${wallet.address.slice(2).toUpperCase()}`]) {
      const ip = freshIp();
      const message = buildSignInMessage({ nonce: await getNonce(ip), address: wallet.address }).replace(
        wallet.address,
        written,
      );
      expect(message).toContain(written);
      await expectStatus(
        await post(wallet, ip, message),
        400,
        "validation_failed",
        "address_not_checksummed",
      );
    }
    expect(await usersWithAddress(wallet.address)).toBe(0);
  });

  it("stores the address in one form and finds the same user however the request spells it", async () => {
    const wallet = newWallet();
    const first = await signIn(wallet);
    const ip = freshIp();
    const message = buildMessage(wallet, await getNonce(ip));
    const signature = await wallet.signMessage({ message });
    // The request body may spell the address in lower case (it is a claim, compared case-insensitively).
    const second = await postSignIn(ip, { address: wallet.address.toLowerCase(), message, signature });
    expect(second.status).toBe(200);
    expect(((await second.json()) as SignInResponse).user).toMatchObject({
      id: first.user.id,
      address: getAddress(wallet.address),
    });
    const rows = await env.DB.prepare("SELECT address FROM users WHERE lower(address) = lower(?)")
      .bind(wallet.address)
      .all<{ address: string }>();
    expect(rows.results).toEqual([{ address: wallet.address.toLowerCase() }]);
  });
});

describe("migration 0001: one user per wallet", () => {
  const migration = () => {
    const found = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0001_"));
    if (!found) throw new Error("migration 0001 missing");
    return found;
  };
  const run = async () => {
    for (const query of migration().queries) await env.DB.prepare(query).run();
  };

  it("merges users that differ only in case into the earliest, keeping the latest login and a pro plan", async () => {
    const wallet = newWallet();
    const checksummed = wallet.address;
    const lower = checksummed.toLowerCase();
    const [oldest, middle, newest] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    // As the old code wrote them: the message's spelling, one user per spelling.
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, address, created_at, last_login_at) VALUES (?, ?, ?, ?)").bind(
        oldest,
        checksummed,
        1000,
        2000,
      ),
      env.DB.prepare("INSERT INTO users (id, address, created_at, last_login_at) VALUES (?, ?, ?, ?)").bind(
        middle,
        lower,
        1500,
        9000,
      ),
      env.DB.prepare("INSERT INTO users (id, address, created_at, last_login_at) VALUES (?, ?, ?, ?)").bind(
        newest,
        `0x${checksummed.slice(2).toUpperCase()}`,
        3000,
        3000,
      ),
      env.DB.prepare(
        "INSERT INTO subscriptions (user_id, tier, max_rules, period_start, period_end) VALUES (?, 'free', 3, 1000, NULL)",
      ).bind(oldest),
      env.DB.prepare(
        "INSERT INTO subscriptions (user_id, tier, max_rules, period_start, period_end) VALUES (?, 'pro', NULL, 1500, 99999)",
      ).bind(middle),
      env.DB.prepare(
        "INSERT INTO subscriptions (user_id, tier, max_rules, period_start, period_end) VALUES (?, 'free', 3, 3000, NULL)",
      ).bind(newest),
    ]);
    expect(await usersWithAddress(checksummed)).toBe(3);

    await run();
    const users = await env.DB.prepare(
      "SELECT id, address, last_login_at FROM users WHERE lower(address) = ?",
    )
      .bind(lower)
      .all();
    expect(users.results).toEqual([{ id: oldest, address: lower, last_login_at: 9000 }]);
    const subscriptions = await env.DB.prepare(
      "SELECT user_id, tier, max_rules, period_end FROM subscriptions WHERE user_id IN (?, ?, ?)",
    )
      .bind(oldest, middle, newest)
      .all();
    expect(subscriptions.results).toEqual([
      { user_id: oldest, tier: "pro", max_rules: null, period_end: 99999 },
    ]);

    // Idempotent, and the kept user is the one the wallet signs in as.
    await run();
    expect(await usersWithAddress(checksummed)).toBe(1);
    expect((await signIn(wallet)).user.id).toBe(oldest);
  });

  it("leaves a lone user of another wallet alone, only lower-casing its address", async () => {
    const wallet = newWallet();
    const id = crypto.randomUUID();
    await env.DB.batch([
      env.DB.prepare("INSERT INTO users (id, address, created_at, last_login_at) VALUES (?, ?, 5, 6)").bind(
        id,
        wallet.address,
      ),
      env.DB.prepare(
        "INSERT INTO subscriptions (user_id, tier, max_rules, period_start, period_end) VALUES (?, 'free', 3, 5, NULL)",
      ).bind(id),
    ]);
    await run();
    const row = await env.DB.prepare("SELECT id, address, last_login_at FROM users WHERE id = ?")
      .bind(id)
      .first();
    expect(row).toEqual({ id, address: wallet.address.toLowerCase(), last_login_at: 6 });
  });
});
