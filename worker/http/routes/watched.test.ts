import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import type { Portfolio } from "../../../shared/schemas/portfolio";
import type { WatchedAccount, WatchedAccounts } from "../../../shared/schemas/watchedAccounts";
import { revertChainAfterEachTest } from "../../test/devnet";
import { anvilAccount, call, errorOf, signIn } from "../../test/helpers";
import { watchObjectName } from "../../user/capabilities/watchTarget";

const BORROWER = anvilAccount(2).address; // WETH collateral, DAI debt
const WHALE = anvilAccount(1).address;

revertChainAfterEachTest();

/** A wallet nobody used before: its own watch list, its own object. */
const newUser = () => signIn(privateKeyToAccount(generatePrivateKey()));

const watch = (token: string, json: unknown) => call("/me/watched", { method: "POST", token, json });

async function watchedOf(token: string): Promise<WatchedAccounts> {
  const response = await call("/me/watched", { token });
  expect(response.status).toBe(200);
  return (await response.json()) as WatchedAccounts;
}

async function fieldsOf(response: Response): Promise<string[]> {
  expect(response.status).toBe(400);
  const error = await errorOf(response);
  expect(error.code).toBe("validation_failed");
  return (error.details?.fields ?? []).map((field) => field.path);
}

describe("/me/watched", () => {
  it("adds with the user's own threshold by default, lists, refuses duplicates, removes", async () => {
    const user = await newUser();
    expect(await watchedOf(user.token)).toEqual({ accounts: [], limit: 2 });
    const me = (await (await call("/me", { token: user.token })).json()) as {
      subscription: { limits: { maxWatchedAccounts?: number | null } };
    };
    expect(me.subscription.limits.maxWatchedAccounts).toBe(2);
    await call("/me/settings", { method: "PUT", token: user.token, json: { alertThreshold: 1.45 } });

    // Any spelling of the address; it comes back checksummed.
    const added = await watch(user.token, { address: BORROWER.toLowerCase(), label: "  Treasury  " });
    expect(added.status, await added.clone().text()).toBe(201);
    const account = (await added.json()) as WatchedAccount;
    expect(account).toMatchObject({ address: BORROWER, label: "Treasury", alertThreshold: 1.45 });
    expect(Date.parse(account.addedAt)).toBeGreaterThan(Date.now() - 60_000);

    const twice = await watch(user.token, { address: BORROWER, alertThreshold: 2 });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).details).toMatchObject({ reason: "already_watched", address: BORROWER });

    const second = await watch(user.token, { address: WHALE, alertThreshold: 1.8 });
    expect(second.status).toBe(201);
    expect(await second.json()).toMatchObject({ address: WHALE, label: null, alertThreshold: 1.8 });
    expect((await watchedOf(user.token)).accounts.map((a) => a.address)).toEqual([BORROWER, WHALE]);

    const removed = await call(`/me/watched/${BORROWER}`, { method: "DELETE", token: user.token });
    expect(removed.status).toBe(204);
    expect((await watchedOf(user.token)).accounts.map((a) => a.address)).toEqual([WHALE]);
    const again = await call(`/me/watched/${BORROWER.toLowerCase()}`, {
      method: "DELETE",
      token: user.token,
    });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("not_found");
    // The removed account's watch object holds nothing any more.
    const stopped = env.USER.getByName(watchObjectName(user.user.id, BORROWER));
    expect((await stopped.exportData()).watch_target).toEqual([]);
  });

  it("renames and moves the threshold with PATCH; the watch object alerts at the new one; bad input changes nothing", async () => {
    const user = await newUser();
    expect(
      (await watch(user.token, { address: BORROWER, label: "Friend", alertThreshold: 1.5 })).status,
    ).toBe(201);
    const patch = (address: string, json: unknown) =>
      call(`/me/watched/${address}`, { method: "PATCH", token: user.token, json });
    const watchTargetRow = async () =>
      (await env.USER.getByName(watchObjectName(user.user.id, BORROWER)).exportData()).watch_target?.[0] as
        | { alert_threshold: number }
        | undefined;

    const moved = await patch(BORROWER, { alertThreshold: 1.1 });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ address: BORROWER, label: "Friend", alertThreshold: 1.1 });
    expect((await watchTargetRow())?.alert_threshold).toBe(1.1);

    const renamed = await patch(BORROWER.toLowerCase(), { label: "Old friend" });
    expect(await renamed.json()).toMatchObject({ label: "Old friend", alertThreshold: 1.1 });
    const unnamed = await patch(BORROWER, { label: null });
    expect(await unnamed.json()).toMatchObject({ label: null, alertThreshold: 1.1 });

    // Refused, each with what is wrong, and nothing changed.
    expect(await fieldsOf(await patch(BORROWER, {}))).toEqual(["(root)"]);
    expect(await fieldsOf(await patch(BORROWER, { alertThreshold: 0.9 }))).toEqual(["alertThreshold"]);
    expect(await fieldsOf(await patch(BORROWER, { label: " " }))).toEqual(["label"]);
    expect(await fieldsOf(await patch(BORROWER, { address: WHALE, label: "x" }))).toEqual(["(root)"]);
    const unknown = await patch(WHALE, { label: "Whale" });
    expect(unknown.status).toBe(404);
    expect((await watchedOf(user.token)).accounts).toMatchObject([
      { address: BORROWER, label: null, alertThreshold: 1.1 },
    ]);
    expect((await watchTargetRow())?.alert_threshold).toBe(1.1);
  });

  it("refuses bad input with field errors, and the user's own wallet with a 409 saying so", async () => {
    const user = await newUser();
    expect(await fieldsOf(await watch(user.token, { address: "0x1234" }))).toEqual(["address"]);
    expect(await fieldsOf(await watch(user.token, { address: BORROWER, label: "a\u0007b" }))).toEqual([
      "label",
    ]);
    expect(await fieldsOf(await watch(user.token, { address: BORROWER, alertThreshold: 1 }))).toEqual([
      "alertThreshold",
    ]);
    expect(await fieldsOf(await watch(user.token, { address: BORROWER, owner: "x" }))).toEqual(["(root)"]);
    const own = await watch(user.token, { address: user.user.address.toLowerCase() });
    expect(own.status).toBe(409);
    const error = await errorOf(own);
    expect(error.details).toMatchObject({ reason: "own_address" });
    expect(error.message).toMatch(/your signed-in wallet/);
    const malformed = await call("/me/watched/0xnope", { method: "DELETE", token: user.token });
    expect((await errorOf(malformed)).details?.fields?.[0]).toMatchObject({
      location: "params",
      path: "address",
    });
    expect(malformed.status).toBe(400);
    expect((await watchedOf(user.token)).accounts).toEqual([]);
    expect((await call("/me/watched", { token: "" })).status).toBe(401);
  });

  it("enforces the free plan's 2 watched accounts with the rules' 402 shape", async () => {
    const user = await newUser();
    expect((await watch(user.token, { address: BORROWER })).status).toBe(201);
    expect((await watch(user.token, { address: WHALE })).status).toBe(201);
    const refused = await watch(user.token, { address: anvilAccount(3).address });
    expect(refused.status).toBe(402);
    const error = await errorOf(refused);
    expect(error.code).toBe("tier_limit");
    expect(error.message).toMatch(/free plan allows 2 watched accounts/);
    expect(error.details).toMatchObject({ tier: "free", limit: 2, resource: "watched_accounts" });
    expect((await watchedOf(user.token)).accounts).toHaveLength(2);
  });
});

describe("GET /portfolios?account=", () => {
  it("serves a watched account's portfolio, and no other address through the session", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    expect((await watch(owner.token, { address: BORROWER })).status).toBe(201);

    const response = await call(`/portfolios?account=${BORROWER}`, { token: owner.token });
    expect(response.status, await response.clone().text()).toBe(200);
    const watched = (await response.json()) as Portfolio;
    expect(watched.aave[0]?.borrows.map((b) => b.symbol)).toContain("DAI");
    expect(watched.aave[0]?.supplies.map((s) => s.symbol)).toContain("WETH");
    expect(watched.healthFactor).toBeGreaterThan(1);
    expect(watched.healthFactor).toBeLessThan(2);
    // The owner's own portfolio is unchanged (a fresh wallet: nothing there).
    const own = (await (await call("/portfolios", { token: owner.token })).json()) as Portfolio;
    expect(own.healthFactor).toBeNull();
    expect(own.aave.flatMap((a) => a.borrows)).toEqual([]);

    const refused = await call(`/portfolios?account=${BORROWER}`, { token: stranger.token });
    expect(refused.status).toBe(404);
    expect((await errorOf(refused)).code).toBe("not_found");
    expect((await call(`/portfolios?account=${WHALE}`, { token: owner.token })).status).toBe(404);
    const malformed = await call("/portfolios?account=0x12", { token: owner.token });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).details?.fields?.[0]).toMatchObject({
      location: "query",
      path: "account",
    });

    // Once the stranger watches it too, it is theirs to read.
    expect((await watch(stranger.token, { address: BORROWER })).status).toBe(201);
    const now = await call(`/portfolios?account=${BORROWER}`, { token: stranger.token });
    expect(now.status).toBe(200);
    expect(((await now.json()) as Portfolio).healthFactor).toBeCloseTo(watched.healthFactor!, 6);
  });
});

describe("DELETE /me with watched accounts", () => {
  it("stops every watch object of the user: no alarm, nothing stored", async () => {
    const user = await newUser();
    expect((await watch(user.token, { address: BORROWER })).status).toBe(201);
    const watcher = env.USER.getByName(watchObjectName(user.user.id, BORROWER));
    expect(await runInDurableObject(watcher, (_i, state) => state.storage.getAlarm())).not.toBeNull();
    expect((await call("/me", { method: "DELETE", token: user.token })).status).toBe(204);
    const left = await runInDurableObject(watcher, async (_i, state) => ({
      alarm: await state.storage.getAlarm(),
      target: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM watch_target").one().n,
      monitored: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM monitoring_state").one().n,
    }));
    expect(left).toEqual({ alarm: null, target: 0, monitored: 0 });
  });
});

describe("an address with a typo in its EIP-55 checksum", () => {
  /** BORROWER with the case of its first letter flipped: a mixed-case address whose checksum no longer holds. */
  const typo = (() => {
    const at = BORROWER.slice(2).search(/[a-fA-F]/) + 2;
    const letter = BORROWER[at]!;
    const flipped = letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase();
    return `${BORROWER.slice(0, at)}${flipped}${BORROWER.slice(at + 1)}`;
  })();

  it("is refused naming the field, watches nothing; all lower or all upper case (no checksum) is taken", async () => {
    const user = await newUser();
    expect(typo.toLowerCase()).toBe(BORROWER.toLowerCase());
    expect(typo).not.toBe(BORROWER);
    expect(await fieldsOf(await watch(user.token, { address: typo }))).toEqual(["address"]);
    expect(await fieldsOf(await call(`/portfolios?account=${typo}`, { token: user.token }))).toEqual([
      "account",
    ]);
    expect((await watchedOf(user.token)).accounts).toEqual([]);

    const upper = `0x${BORROWER.slice(2).toUpperCase()}`;
    const added = await watch(user.token, { address: upper });
    expect(added.status).toBe(201);
    expect(((await added.json()) as WatchedAccount).address).toBe(BORROWER);
  });
});
