import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { revertChainAfterEachTest } from "../../test/devnet";
import { call, signIn } from "../../test/helpers";
import { runTaskNow } from "../../test/taskNow";

revertChainAfterEachTest();

const BROKEN = "00000000-0000-4000-8000-00000000b0b0";
const FINE = "00000000-0000-4000-8000-00000000f1f1";

describe("one unreadable stored proposal", () => {
  it("is left as stored, skipped by every list and the receipt watch, and told once", async () => {
    // A fresh wallet: its own user object, with no other file's rules or notices in it.
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    expect((await call("/portfolios", { token })).status).toBe(200);
    const rule = {
      name: "ETH under 100",
      enabled: true,
      trigger: { type: "price_below", asset: "WETH", usd: 100 },
      action: { type: "notify" },
      guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
    };
    expect((await call("/rules", { method: "POST", token, json: rule })).status).toBe(201);
    const stub = env.USER.getByName(user.id);
    // A sent proposal whose stored steps no longer parse, next to a readable one (an expired proposal).
    const now = Date.now();
    await runInDurableObject(stub, (_instance, state) => {
      const insert = `INSERT INTO transactions (id, status, chain_id, title, steps, tx_hashes, created_at, updated_at, expires_at)
         VALUES (?, ?, 31337, ?, ?, '[]', ?, ?, ?)`;
      state.storage.sql.exec(
        insert,
        BROKEN,
        "submitted",
        "Repay DAI",
        '"not steps"',
        now,
        now,
        now + 3_600_000,
      );
      state.storage.sql.exec(insert, FINE, "expired", "Repay USDC", "[]", now - 1, now - 1, now - 1);
    });

    for (let run = 0; run < 4; run++) expect(await runTaskNow(stub, ["monitoring", "automation"])).toBe(true);

    // The loop ran cleanly: the bad row is not an error of the task.
    const tasks = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec("SELECT name, last_error AS lastError FROM scheduled_tasks ORDER BY name")
        .toArray(),
    );
    expect(tasks).toEqual(expect.arrayContaining([{ name: "automation", lastError: null }]));

    // The list answers with the readable proposal; the unreadable one is not served as if it were known.
    const listed = await call("/transactions", { token });
    expect(listed.status).toBe(200);
    const ids = ((await listed.json()) as { transactions: { id: string }[] }).transactions.map((t) => t.id);
    expect(ids).toEqual([FINE]);
    expect((await call(`/transactions/${BROKEN}`, { token })).status).toBe(404);

    // Nothing claimed about the chain: the row is as it was stored.
    const stored = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec("SELECT status, steps FROM transactions WHERE id = ?", BROKEN).toArray(),
    );
    expect(stored).toEqual([{ status: "submitted", steps: '"not steps"' }]);

    // Told once, whatever the number of ticks and reads.
    const told = (await stub.messagesSince(0)).entries.filter(
      (m) => m.type === "notification" && m.payload.title.includes("Repay DAI"),
    );
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ payload: { level: "error" } });
  });
});
