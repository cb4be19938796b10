import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_THRESHOLD } from "../../../shared/schemas/settings";
import { TIER_LIMITS } from "../../../shared/schemas/subscriptions";
import { call, signIn } from "../../test/helpers";
import { openUserDb } from "../db";
import { WatchTargetCapability } from "./watchTarget";

const UNREADABLE = "Vigil could not read your saved alert threshold";

describe("a stored alert threshold that no longer parses", () => {
  it.each([
    ["text", "'not a number'"],
    ["out of range", "0.5"],
    ["not finite", "9e999"],
  ])("(%s) is served and used as the default, and told once", async (_kind, stored) => {
    // A fresh wallet: its own user object, with no other file's notices in it.
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    const saved = await call("/me/settings", { method: "PUT", token, json: { alertThreshold: 1.5 } });
    expect(saved.status).toBe(200);
    const stub = env.USER.getByName(user.id);
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec(`UPDATE user_settings SET alert_threshold = ${stored}`);
    });

    for (let read = 0; read < 2; read++) {
      const response = await call("/me/settings", { token });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ alertThreshold: DEFAULT_ALERT_THRESHOLD });
    }
    // What monitoring and a new watched account read is the same default.
    expect(await stub.getSettings()).toEqual({ alertThreshold: DEFAULT_ALERT_THRESHOLD });
    const notices = async () =>
      (await stub.messagesSince(0)).entries.flatMap((m) =>
        m.type === "notification" && m.payload.title === UNREADABLE ? [m.payload.message] : [],
      );
    expect(await notices()).toEqual([
      "Until you save it again in Vigil's options, you are alerted when a health factor falls below 1.3 (the default).",
    ]);

    // Saved again: read as saved, and nothing more is told.
    expect((await call("/me/settings", { method: "PUT", token, json: { alertThreshold: 1.6 } })).status).toBe(
      200,
    );
    expect(await (await call("/me/settings", { token })).json()).toEqual({ alertThreshold: 1.6 });
    expect(await notices()).toHaveLength(1);
  });
});

describe("a watched account's stored alert threshold that no longer parses", () => {
  it("is listed and watched at the default, and told once, naming the account", async () => {
    const { user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    const watched = privateKeyToAccount(generatePrivateKey()).address;
    const owner = env.USER.getByName(user.id);
    const input = { address: watched, label: "Treasury", alertThreshold: 1.5 };
    expect((await owner.addWatched(input, TIER_LIMITS.pro)).ok).toBe(true);
    await runInDurableObject(owner, (_instance, state) => {
      state.storage.sql.exec("UPDATE watched_accounts SET alert_threshold = 'high'");
    });
    for (let read = 0; read < 2; read++)
      expect((await owner.listWatched()).map((a) => a.alertThreshold)).toEqual([DEFAULT_ALERT_THRESHOLD]);
    const short = `${watched.slice(0, 6)}…${watched.slice(-4)}`;
    const notices = async () =>
      (await owner.messagesSince(0)).entries.flatMap((m) =>
        m.type === "notification" && m.payload.title.startsWith("Vigil could not read the alert threshold")
          ? [m.payload.title]
          : [],
      );
    expect(await notices()).toEqual([
      `Vigil could not read the alert threshold you saved for “Treasury” (${short})`,
    ]);
    // Saved again: read as saved, nothing more told.
    expect((await owner.updateWatched(watched, { alertThreshold: 1.6 }))?.alertThreshold).toBe(1.6);
    expect(await notices()).toHaveLength(1);

    // Its watch object alerts at the default too, never at the unparsable value.
    const watch = env.USER.getByName(`settings-unreadable:${crypto.randomUUID()}`);
    await watch.startWatching({ ownerId: user.id, address: watched, alertThreshold: 1.5 });
    await runInDurableObject(watch, (_instance, state) => {
      state.storage.sql.exec("UPDATE watch_target SET alert_threshold = 0.2");
      const target = new WatchTargetCapability({
        db: openUserDb(state.storage),
        now: () => Date.now(),
        log: () => {},
        since: () => ({ entries: [], truncated: false, latestSeq: 0, kept: [] }),
        deliver: async () => true,
        told: state.storage.kv,
        publish: () => {},
      });
      expect(target.get()?.alertThreshold).toBe(DEFAULT_ALERT_THRESHOLD);
    });
    await watch.stopWatching();
  });
});
