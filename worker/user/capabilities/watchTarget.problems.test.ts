import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterEach, describe, expect, it } from "vitest";
import { TIER_LIMITS } from "../../../shared/schemas/subscriptions";
import { CHAIN_DOWN_NOTIFY_AFTER_MS } from "../../../shared/schemas/watchStatus";
import { revertChainAfterEachTest } from "../../test/devnet";
import { call, signIn } from "../../test/helpers";
import { faults, pathFor, type SimulatedWatch, withSimulatedWatch } from "../../test/simulatedWatch";
import { FAILING_RUNS_TO_TELL } from "./scheduler";

// A watched account's own watch failing (its chain not read, its checks throwing) is told to the owner once, naming
// the account, and once when it works again; a watch object evicted in between does not tell it twice.

revertChainAfterEachTest();
afterEach(async () => {
  await faults.clear();
});

/** A fresh owner (its own object, nobody else's notices) watching a fresh address labelled "Treasury". */
async function ownerWatching() {
  const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
  const watched = privateKeyToAccount(generatePrivateKey()).address;
  const owner = env.USER.getByName(user.id);
  const added = await owner.addWatched(
    { address: watched, label: "Treasury", alertThreshold: null },
    TIER_LIMITS.pro,
  );
  expect(added.ok).toBe(true);
  // A new stub per call: one made outside the watch object's context cannot be used inside it.
  const notices = async () =>
    (await env.USER.getByName(user.id).messagesSince(0)).entries.flatMap((m) =>
      m.type === "notification" ? [[m.payload.title, m.payload.watchProblem]] : [],
    );
  return { token, user, watched, notices };
}

/** The watch object's alarm fired `times` times, each followed by the forwarding it started. */
async function fire(watch: SimulatedWatch, times = 1) {
  for (let k = 0; k < times; k++) {
    await watch.fire();
    await watch.parts.target.flush();
  }
}

describe("a watched account's watch problems reach its owner", () => {
  it("its chain not answering is told once, naming the account, and its recovery once, across an eviction", async () => {
    const { user, watched, notices } = await ownerWatching();
    const path = pathFor("watched-chain-down");
    const short = `${watched.slice(0, 6)}…${watched.slice(-4)}`;
    const down = `Vigil cannot read “Treasury” (${short}) on Vigil devnet (anvil)`;
    const back = `Vigil reads “Treasury” (${short}) on Vigil devnet (anvil) again`;
    const key = `watched:${watched}:chain:31337`;
    await withSimulatedWatch(
      `watch-problems:${crypto.randomUUID()}`,
      { chains: [{ chainId: 31337, path }], address: watched, signedIn: false, timeoutMs: 1_000 },
      async (first, compose) => {
        first.parts.target.set({ ownerId: user.id, address: watched, alertThreshold: 1.3 }, 0);
        await fire(first);
        expect(await notices()).toEqual([]);

        await faults.set([{ method: "*", path: `/${path}`, fault: { kind: "drop", mode: "reset" } }]);
        // A short outage passes unnoticed, as for the owner's own wallet.
        await fire(first, 3);
        expect(await notices()).toEqual([]);
        first.advance(CHAIN_DOWN_NOTIFY_AFTER_MS);
        await fire(first, 2);
        expect(await notices()).toEqual([[down, key]]);

        // Evicted while the chain is still down: the new instance does not tell it again.
        const second = compose();
        await fire(second, 2);
        expect(await notices()).toEqual([[down, key]]);

        await faults.clear();
        await fire(second, 3);
        expect(await notices()).toEqual([
          [down, key],
          [back, key],
        ]);
      },
    );
  });

  it("its checks failing run after run are told once, naming the account, and once when they work again", async () => {
    const { user, watched, notices } = await ownerWatching();
    const short = `${watched.slice(0, 6)}…${watched.slice(-4)}`;
    const key = `watched:${watched}:task:monitoring`;
    await withSimulatedWatch(
      `watch-problems:${crypto.randomUUID()}`,
      { chains: [{ chainId: 31337, path: pathFor("watched-task") }], address: watched, signedIn: false },
      async (watch, _compose) => {
        watch.parts.target.set({ ownerId: user.id, address: watched, alertThreshold: 1.3 }, 0);
        // The heartbeat's table out of reach (a bad migration, say): every check throws on it.
        watch.parts.db.run(sql.raw("ALTER TABLE watch_heartbeat RENAME TO watch_heartbeat_away"));
        for (let run = 0; run < FAILING_RUNS_TO_TELL + 2; run++) {
          watch.advance(60_000);
          await fire(watch);
        }
        expect(await notices()).toEqual([[`Checks of “Treasury” (${short}) have stopped working`, key]]);

        watch.parts.db.run(sql.raw("ALTER TABLE watch_heartbeat_away RENAME TO watch_heartbeat"));
        for (let run = 0; run < 2; run++) {
          watch.advance(60_000);
          await fire(watch);
        }
        expect(await notices()).toEqual([
          [`Checks of “Treasury” (${short}) have stopped working`, key],
          [`Checks of “Treasury” (${short}) work again`, key],
        ]);
      },
    );
  });

  it("a problem the owner does not understand is passed over (not retried forever), and later ones are told", async () => {
    const { user, watched, notices } = await ownerWatching();
    const owner = env.USER.getByName(user.id);
    expect(await owner.receiveWatchedProblem(watched, 5, { key: "Not A Key!", state: "failing" })).toBe(true);
    expect(await notices()).toEqual([]);
    expect(await owner.receiveWatchedProblem(watched, 6, { key: "task:monitoring", state: "failing" })).toBe(
      true,
    );
    expect((await notices()).map(([title]) => title)).toEqual([
      `Checks of “Treasury” (${watched.slice(0, 6)}…${watched.slice(-4)}) have stopped working`,
    ]);
  });

  it("the watched-accounts listing says how each account is watched", async () => {
    const { token } = await signIn(privateKeyToAccount(generatePrivateKey()));
    const watched = privateKeyToAccount(generatePrivateKey()).address;
    const added = await call("/me/watched", {
      method: "POST",
      token,
      json: { address: watched, label: "Treasury" },
    });
    expect(added.status).toBe(201);
    const listed = await call("/me/watched", { token });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { accounts: { address: string; watch: unknown }[] };
    expect(body.accounts).toHaveLength(1);
    expect(body.accounts[0]?.watch).toMatchObject({
      intervalSeconds: expect.any(Number),
      chains: [{ chainId: 31337, status: expect.stringMatching(/^(ok|unavailable)$/) }],
    });
  });
});
