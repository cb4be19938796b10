import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { type Address, getAddress } from "viem";
import { describe, expect, it } from "vitest";
import type { StoredPayloadInput } from "../../../shared/schemas/ws";
import { runMigration } from "../../test/runMigration";
import { openUserDb } from "../db";
import keptAlertsMigration from "../migrations/0008_kept_alerts.sql";
import { KEPT_NOTICES, OUTBOX_CAPACITY, OutboxCapability, type OutboxPage } from "./outbox";

const WATCHED = getAddress("0x90f79bf6eb2c4f870365e785982e1f8263c9abcd");
const alert = (
  state: "raised" | "cleared",
  severity: "warning" | "liquidatable" | "liquidated",
  account?: Address,
): StoredPayloadInput<"risk_alert"> => ({
  state,
  severity,
  reason: "health_factor",
  healthFactor: severity === "warning" ? 1.2 : 0.98,
  threshold: 1.3,
  band: null,
  probability: null,
  chainId: 31337,
  message: `${state} ${severity}`,
  ...(account ? { account } : {}),
});
const note = (i: number) => ({ level: "info" as const, title: `#${i}`, message: "", transactionId: null });
const alertsOf = (page: OutboxPage) => page.kept.flatMap((m) => (m.type === "risk_alert" ? [m] : []));
const outboxOf = (storage: DurableObjectStorage) =>
  new OutboxCapability({ db: openUserDb(storage), now: () => Date.now(), log: () => {} });

describe("outbox: the alerts a client far behind must still hear of", () => {
  it("keeps each account's newest alert and newest liquidation past the trim, and hands them on with resync", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), (_instance, state) => {
      const outbox = outboxOf(state.storage);
      outbox.append("risk_alert", alert("raised", "warning")); // 1
      outbox.append("risk_alert", alert("raised", "liquidated")); // 2: the user's own liquidation
      outbox.append("risk_alert", alert("cleared", "warning")); // 3: then the episode ended
      outbox.append("risk_alert", alert("raised", "liquidatable", WATCHED)); // 4: a watched account, still open
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note(i));

      // A client that last saw seq 1: the outbox lost 2–4, so it must resync, and is told of those three.
      const behind = outbox.since(1);
      expect(behind.truncated).toBe(true);
      expect(alertsOf(behind).map((m) => [m.seq, m.payload.message, m.payload.account])).toEqual([
        [2, "raised liquidated", undefined],
        [3, "cleared warning", undefined],
        [4, "raised liquidatable", WATCHED],
      ]);
      // One that had seen the liquidation already hears only what came after it.
      expect(outbox.since(2).kept.map((m) => m.seq)).toEqual([3, 4]);
      // Not behind: nothing extra (the entries carry it all).
      const current = outbox.since(OUTBOX_CAPACITY);
      expect(current.truncated).toBe(false);
      expect(current.kept).toEqual([]);

      // A newer alert of the account replaces its kept one; a kept alert still in the outbox is not sent twice.
      outbox.append("risk_alert", alert("cleared", "liquidatable", WATCHED));
      const later = outbox.since(1);
      expect(later.kept.map((m) => m.seq)).toEqual([2, 3]);
      expect(later.entries.at(-1)).toMatchObject({ seq: OUTBOX_CAPACITY + 5, type: "risk_alert" });

      // The watched account removed: its kept alerts are not handed on again; the user's own stay.
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note(i));
      expect(outbox.since(1).kept.map((m) => m.seq)).toEqual([2, 3, OUTBOX_CAPACITY + 5]);
      outbox.forgetAccount(WATCHED);
      expect(outbox.since(1).kept.map((m) => m.seq)).toEqual([2, 3]);
    });
  });

  it("migration 0008 keeps what the outbox held of each account's alerts when it ran", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), (_instance, state) => {
      const outbox = outboxOf(state.storage);
      outbox.append("risk_alert", alert("raised", "liquidated", WATCHED));
      outbox.append("risk_alert", alert("raised", "warning"));
      outbox.append("risk_alert", alert("cleared", "warning", WATCHED));
      // As stored before the table existed: the outbox rows, no kept copies.
      state.storage.sql.exec("DELETE FROM kept_alerts");
      runMigration(state.storage, keptAlertsMigration, { skip: 1 });
      const rows = state.storage.sql
        .exec<{ subject: string; kind: string; seq: number }>(
          "SELECT subject, kind, seq FROM kept_alerts ORDER BY subject, kind",
        )
        .toArray();
      expect(rows).toEqual([
        { subject: "", kind: "latest", seq: 2 },
        { subject: WATCHED, kind: "latest", seq: 3 },
        { subject: WATCHED, kind: "liquidation", seq: 1 },
      ]);
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note(i));
      expect(outbox.since(0).kept.map((m) => m.seq)).toEqual([1, 2, 3]);
    });
  });
  it("keeps the notices told once past the trim (watch stopped, then works again; a rule switched off), not a transaction's", async () => {
    await runInDurableObject(env.USER.getByName(crypto.randomUUID()), (_instance, state) => {
      const outbox = outboxOf(state.storage);
      const notice = (
        level: "success" | "warning" | "error",
        title: string,
        extra: { watchProblem?: string; transactionId?: string } = {},
      ) => outbox.append("notification", { level, title, message: "", transactionId: null, ...extra }).seq;
      notice("error", "Monitoring stopped", { watchProblem: "monitoring" }); // 1: replaced by 3
      const switchedOff = notice("error", "Automation rule “Repay” was switched off"); // 2
      const works = notice("success", "Monitoring works again", { watchProblem: "monitoring" }); // 3
      notice("warning", "Proposal expired", { transactionId: crypto.randomUUID() }); // 4: reloaded over HTTP
      notice("success", "Repaid"); // 5: news of the moment, not kept
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note(i));

      const behind = outbox.since(0);
      expect(behind.truncated).toBe(true);
      expect(
        behind.kept.map((m) => [m.seq, m.type, m.type === "notification" ? m.payload.title : null]),
      ).toEqual([
        [switchedOff, "notification", "Automation rule “Repay” was switched off"],
        [works, "notification", "Monitoring works again"],
      ]);
      // A client that saw the rule switched off hears only that the watch works again.
      expect(outbox.since(switchedOff).kept.map((m) => m.seq)).toEqual([works]);

      // Bounded: only the newest KEPT_NOTICES subjects stay aside.
      const seqs = Array.from({ length: KEPT_NOTICES + 5 }, (_, i) =>
        notice("warning", `Rule ${i} cannot act`),
      );
      for (let i = 0; i < OUTBOX_CAPACITY; i++) outbox.append("notification", note(i));
      expect(outbox.since(0).kept.map((m) => m.seq)).toEqual(seqs.slice(-KEPT_NOTICES));
    });
  });
});
