import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { revertChainAfterEachTest } from "../../test/devnet";
import { call, signIn } from "../../test/helpers";
import { runTaskNow } from "../../test/taskNow";
import { FAILING_RUNS_TO_TELL } from "./scheduler";

revertChainAfterEachTest();

describe("a scheduled task failing on every tick", () => {
  it("is told to the user once, through the outbox, and told again once it works", async () => {
    // A fresh wallet: its own user object, with no other file's rules or notices in it.
    const { token, user } = await signIn(privateKeyToAccount(generatePrivateKey()));
    expect((await call("/portfolios", { token })).status).toBe(200);
    // A rule keeps the automation loop on (and its creation arms the alarm).
    const rule = {
      name: "ETH under 100",
      enabled: true,
      trigger: { type: "price_below", asset: "WETH", usd: 100 },
      action: { type: "notify" },
      guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
    };
    expect((await call("/rules", { method: "POST", token, json: rule })).status).toBe(201);
    const stub = env.USER.getByName(user.id);
    // The proposals' table out of reach (a bad migration, say): every automation tick throws on it.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("ALTER TABLE transactions RENAME TO transactions_away");
    });
    const notices = async () =>
      (await stub.messagesSince(0)).entries.flatMap((m) =>
        m.type === "notification" ? [m.payload.title] : [],
      );

    for (let run = 0; run < FAILING_RUNS_TO_TELL + 2; run++)
      expect(await runTaskNow(stub, "automation")).toBe(true);
    expect(await notices()).toEqual(["Your automation rules have stopped working"]);

    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("ALTER TABLE transactions_away RENAME TO transactions");
    });
    for (let run = 0; run < 2; run++) expect(await runTaskNow(stub, "automation")).toBe(true);
    expect(await notices()).toEqual([
      "Your automation rules have stopped working",
      "Your automation rules work again",
    ]);
  });
});
