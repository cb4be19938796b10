import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import type { StoredPayloadInput } from "../../../shared/schemas/ws";
import { anvilAccount } from "../../test/helpers";
import { openUserDb } from "../db";
import { OUTBOX_CAPACITY, OutboxCapability } from "./outbox";
import { WatchTargetCapability } from "./watchTarget";

const WATCHED = anvilAccount(2).address;

const alert = (state: "raised" | "cleared"): StoredPayloadInput<"risk_alert"> => ({
  state,
  reason: "health_factor",
  healthFactor: state === "raised" ? 1.1 : 1.3,
  threshold: 1.2,
  band: null,
  probability: null,
  chainId: 31337,
  account: WATCHED,
  message: state,
});

describe("watch target: forwarding alerts to the owner", () => {
  it("forwards each alert once, in order; an owner that cannot be reached gets it on the retry", async () => {
    const stub = env.USER.getByName(`watch-target-test:${crypto.randomUUID()}`);
    const delivered = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => Date.now(), newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      const got: Array<[string, Address, number, string]> = [];
      let reachable = false;
      const target = new WatchTargetCapability({
        ...host,
        since: (afterSeq) => outbox.since(afterSeq),
        deliver: async (ownerId, address, seq, message) => {
          // The injected fault: the owner's object does not answer.
          if (!reachable) throw new Error("owner unreachable");
          if (message.kind === "risk_alert") got.push([ownerId, address, seq, message.payload.state]);
          return true;
        },
        told: state.storage.kv,
        publish: (payload) => void outbox.append("notification", payload),
      });
      // What was published before the watch started is not the owner's.
      outbox.append("risk_alert", alert("raised"));
      target.set({ ownerId: "owner-1", address: WATCHED, alertThreshold: 1.2 }, outbox.latestSeq());
      expect(target.pending()).toBe(false);

      const raised = outbox.append("risk_alert", alert("raised"));
      await target.flush();
      expect(got).toEqual([]);
      expect(target.pending()).toBe(true);
      expect(target.task().isActive()).toBe(true);

      const cleared = outbox.append("risk_alert", alert("cleared"));
      reachable = true;
      await target.task().run(Date.now());
      await target.flush();
      expect(target.pending()).toBe(false);
      return { got, seqs: [raised.seq, cleared.seq] };
    });
    expect(delivered.got).toEqual([
      ["owner-1", WATCHED, delivered.seqs[0], "raised"],
      ["owner-1", WATCHED, delivered.seqs[1], "cleared"],
    ]);
  });

  it("an owner unreachable for longer than the outbox holds still gets the account's last alert and liquidation", async () => {
    const stub = env.USER.getByName(`watch-target-test:${crypto.randomUUID()}`);
    const got = await runInDurableObject(stub, async (_instance, state) => {
      const db = openUserDb(state.storage);
      const host = { db, now: () => Date.now(), newId: () => crypto.randomUUID(), log: () => {} };
      const outbox = new OutboxCapability(host);
      const got: Array<[number, string, string]> = [];
      let reachable = false;
      const target = new WatchTargetCapability({
        ...host,
        since: (afterSeq) => outbox.since(afterSeq),
        deliver: async (_ownerId, _address, seq, message) => {
          if (!reachable) return false;
          if (message.kind === "risk_alert")
            got.push([seq, message.payload.state, message.payload.severity ?? "warning"]);
          return true;
        },
        told: state.storage.kv,
        publish: (payload) => void outbox.append("notification", payload),
      });
      target.set({ ownerId: "owner-1", address: WATCHED, alertThreshold: 1.2 }, outbox.latestSeq());
      outbox.append("risk_alert", alert("raised"));
      outbox.append("risk_alert", { ...alert("raised"), severity: "liquidated", healthFactor: 0.97 });
      outbox.append("risk_alert", { ...alert("raised"), severity: "liquidatable", quiet: true });
      const note = { level: "info" as const, title: "t", message: "m", transactionId: null };
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note);
      expect(target.pending()).toBe(true);
      reachable = true;
      await target.flush();
      expect(target.pending()).toBe(false);
      return got;
    });
    // The first raise is lost with the trim (a later step of the same episode stands for it); the liquidation and
    // the current state are not.
    expect(got).toEqual([
      [2, "raised", "liquidated"],
      [3, "raised", "liquidatable"],
    ]);
  });

  it("the owner tells an alert once, naming the account, and drops it once the account is removed", async () => {
    const owner = env.USER.getByName(`watch-owner-test:${crypto.randomUUID()}`);
    const added = await owner.addWatched(
      { address: WATCHED, label: null, alertThreshold: null },
      { maxRules: 3, maxWatchedAccounts: 2 },
    );
    expect(added).toMatchObject({ ok: true, account: { alertThreshold: 1.3 } });
    const { account: _account, ...anonymous } = alert("raised");
    expect(await owner.receiveWatchedAlert(WATCHED, 7, anonymous)).toBe(true);
    // A retried delivery (same seq, or an older one) is not told again.
    expect(await owner.receiveWatchedAlert(WATCHED, 7, anonymous)).toBe(true);
    expect(await owner.receiveWatchedAlert(WATCHED, 6, anonymous)).toBe(true);
    expect(await owner.removeWatched(WATCHED)).toBe(true);
    expect(await owner.receiveWatchedAlert(WATCHED, 8, alert("cleared"))).toBe(true);
    const told = (await owner.messagesSince(0)).entries.flatMap((m) =>
      m.type === "risk_alert" ? [[m.payload.state, m.payload.account]] : [],
    );
    expect(told).toEqual([["raised", WATCHED]]);
  });
});
