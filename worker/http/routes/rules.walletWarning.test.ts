import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../shared/chains/devnet";
import type { Rule, RuleCreateInput } from "../../../shared/schemas/rules";
import {
  balanceOf,
  emptyWallet,
  mintTo,
  NEAR_LIQUIDATION,
  repayNow,
  userSessions,
} from "../../test/automation";
import { revertChainAfterEachTest } from "../../test/devnet";
import { call } from "../../test/helpers";

// A repay or supply_collateral rule for an asset the wallet does not hold is saved (the user may fund the wallet
// later), and the answer says at once that it cannot act until they do.

revertChainAfterEachTest();
const session = userSessions();

const supplyWstEth: RuleCreateInput = {
  ...repayNow,
  name: "Top up with wstETH",
  action: { type: "supply_collateral", chainId: 31337, asset: "wstETH", targetHealthFactor: 1.3 },
};

describe("rules: a wallet that holds none of the rule's asset", () => {
  it("create: 201 with a warning naming the asset; the rule is saved as sent", async () => {
    const user = await session(NEAR_LIQUIDATION);
    expect(await balanceOf(devnetDeployment.reserves.wstETH.underlying, user.address)).toBe(0n);
    const response = await call("/rules", { method: "POST", token: user.token, json: supplyWstEth });
    expect(response.status).toBe(201);
    const rule = (await response.json()) as Rule;
    expect(rule.warnings).toEqual([
      "Your wallet holds no wstETH: this rule will not be able to supply until it does.",
    ]);
    expect(rule.action).toEqual(supplyWstEth.action);
    const stored = await call(`/rules/${rule.id}`, { token: user.token });
    expect(((await stored.json()) as Rule).name).toBe("Top up with wstETH");
  });

  it("create: no warning when the wallet holds the asset", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const response = await call("/rules", { method: "POST", token: user.token, json: repayNow });
    expect(response.status).toBe(201);
    expect((await response.json()) as Rule).not.toHaveProperty("warnings");
  });

  it("edit: the wallet emptied since the create, the 200 says so", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const created = (await (
      await call("/rules", { method: "POST", token: user.token, json: repayNow })
    ).json()) as Rule;
    await emptyWallet(user, "USDC");
    const edited = await call(`/rules/${created.id}`, {
      method: "PATCH",
      token: user.token,
      json: { name: "Keep HF up (renamed)" },
    });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Rule).warnings).toEqual([
      "Your wallet holds no USDC: this rule will not be able to repay until it does.",
    ]);
  });

  it("list: every enabled rule says it, read when listed: gone once the wallet is funded, none on a paused rule", async () => {
    const user = await session(NEAR_LIQUIDATION);
    const listed = async () =>
      ((await (await call("/rules", { token: user.token })).json()) as { rules: Rule[] }).rules;
    const supply = (await (
      await call("/rules", { method: "POST", token: user.token, json: supplyWstEth })
    ).json()) as Rule;
    const repay = (await (
      await call("/rules", { method: "POST", token: user.token, json: repayNow })
    ).json()) as Rule;
    const warningsOf = async () =>
      Object.fromEntries((await listed()).map((rule) => [rule.id, rule.warnings]));
    expect(await warningsOf()).toEqual({
      [supply.id]: ["Your wallet holds no wstETH: this rule will not be able to supply until it does."],
      [repay.id]: undefined,
    });

    // wstETH arrives in the wallet: the next list has nothing to say of that rule.
    await mintTo("wstETH", user.address, 10n ** 18n);
    expect((await warningsOf())[supply.id]).toBeUndefined();

    // Paused, a rule acts on nothing: no warning, even with the wallet empty again.
    await call(`/rules/${supply.id}`, { method: "PATCH", token: user.token, json: { enabled: false } });
    await emptyWallet(user, "wstETH");
    expect((await listed()).find((rule) => rule.id === supply.id)).not.toHaveProperty("warnings");
    await call(`/rules/${supply.id}`, { method: "PATCH", token: user.token, json: { enabled: true } });
    expect((await warningsOf())[supply.id]).toHaveLength(1);
  });
});
