import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { numberToHex, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { borrow } from "../../../devnet/actions/borrow";
import { supply } from "../../../devnet/actions/supply";
import type { DevnetAccount } from "../../../devnet/seed/accounts";
import { devnetSession } from "../../../devnet/session";
import { devnetDeployment } from "../../../shared/chains/devnet";
import type { MeResponse } from "../../../shared/schemas/auth";
import type { RuleCreate } from "../../../shared/schemas/rules";
import { chain, revertChainAfterEachTest, rpcUrl } from "../../test/devnet";
import { call, signIn } from "../../test/helpers";
import { runTaskNow } from "../../test/taskNow";

revertChainAfterEachTest();

async function freshBorrower() {
  const privateKey = generatePrivateKey();
  const local = privateKeyToAccount(privateKey);
  const account = { name: "borrower", address: local.address, privateKey } as DevnetAccount;
  await chain.request({
    method: "anvil_setBalance" as never,
    params: [local.address, numberToHex(parseEther("10"))] as never,
  });
  const session = devnetSession(rpcUrl, devnetDeployment);
  await supply(session, account, "WETH", "2");
  await borrow(session, account, "DAI", "1000");
  return local;
}

/** Each name its own price level: two rules with one trigger and action are one rule (409). */
const rule = (name: string): RuleCreate => ({
  name,
  enabled: true,
  trigger: { type: "price_below", asset: "WETH", usd: 100 + name.length },
  action: { type: "notify" },
  guards: { cooldownSeconds: 3600, proposalExpirySeconds: 900, maxGasUsd: 25 },
});

describe("one unreadable stored rule", () => {
  it("is switched off and told once; monitoring, the alarm and the other rules go on", async () => {
    const { token, user } = await signIn(await freshBorrower());
    for (const name of ["Broken one", "Good one"]) {
      const created = await call("/rules", { method: "POST", token, json: rule(name) });
      expect(created.status).toBe(201);
    }
    expect((await call("/portfolios", { token })).status).toBe(200);
    const stub = env.USER.getByName(user.id);
    // A row whose stored trigger no longer parses (a shape an older version wrote, a bad migration).
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec(
        `UPDATE automation_rules SET trigger = '{"type":"price_under","asset":"WETH"}' WHERE name = 'Broken one'`,
      );
    });

    for (let tick = 0; tick < 3; tick++)
      expect(await runTaskNow(stub, ["monitoring", "automation"])).toBe(true);

    // The alarm stays armed and the watch says when it checks next.
    const me = (await (await call("/me", { token })).json()) as MeResponse;
    expect(me.watch?.nextCheckAt).not.toBeNull();
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    const tasks = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec("SELECT name, last_error AS lastError FROM scheduled_tasks ORDER BY name")
        .toArray(),
    );
    expect(tasks).toEqual(
      expect.arrayContaining([
        { name: "automation", lastError: null },
        { name: "monitoring", lastError: null },
      ]),
    );

    // The rule list answers with the good rule; the broken one is off and kept aside.
    const listed = await call("/rules", { token });
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { rules: { name: string }[] }).rules.map((r) => r.name);
    expect(names).toEqual(["Good one"]);

    // It no longer takes one of the plan's 3 rules: it cannot be seen, so it could not be deleted to make room.
    for (const name of ["Second", "Third"]) {
      const created = await call("/rules", { method: "POST", token, json: rule(name) });
      expect(created.status).toBe(201);
    }

    // Told once, whatever the number of ticks.
    const { entries: messages } = await stub.messagesSince(0);
    const told = messages.filter((m) => m.type === "notification" && m.payload.title.includes("Broken one"));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ payload: { level: "error" } });
  });
});
