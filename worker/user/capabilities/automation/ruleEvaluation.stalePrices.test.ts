import { type Address, type Hex, parseUnits } from "viem";
import { describe, expect, it } from "vitest";
import { devnetDeployment } from "../../../../shared/chains/devnet";
import type { Portfolio } from "../../../../shared/schemas/portfolio";
import {
  BORROWER,
  createRule,
  messagesOf,
  mintTo,
  proposalsOf,
  ruleOf,
  stubOf,
  tick,
  userSessions,
} from "../../../test/automation";
import { chain, marketObject, revertChainAfterEachTest } from "../../../test/devnet";
import { call } from "../../../test/helpers";

// A risk rule reads the chain's price history. When ETH's history stops (the history's reads of the feed fail while
// Aave still reads it) and the chain goes on, the rule still reads a number, and says on
// the rule, in its alert and on its proposal that the number is made from the prices before then.

revertChainAfterEachTest();
const session = userSessions();
const ETH_FEED = devnetDeployment.reserves.WETH.aggregator;
const STALE =
  /the oracle's ETH prices could not be read for 2 h: this forecast uses the prices from before then/;

/** Where the devnet's ETH aggregator's own code is kept while the feed's address runs the fault below. */
const ORIGINAL_CODE: Address = "0x00000000000000000000000000000000000e7100";

/**
 * From here on the chain's price history cannot read ETH's rounds while Aave still can: ETH's aggregator answers
 * every caller as before (its own code, run by DELEGATECALL on its own storage) except calls made through
 * Multicall3, which is how the history reads the feeds — a fault in the history's reads only. Then 2 h pass.
 */
async function stopEthHistory(): Promise<void> {
  const original = await chain.getCode({ address: ETH_FEED });
  await chain.request({ method: "anvil_setCode" as never, params: [ORIGINAL_CODE, original] as never });
  const multicall = devnetDeployment.contracts.multicall3.slice(2).toLowerCase();
  const copy = ORIGINAL_CODE.slice(2).toLowerCase();
  const forward = `3660006000376000600036600073${copy}5af43d600060003e`; // calldata → DELEGATECALL → returndata
  const head = `3373${multicall}14`; // CALLER == Multicall3
  // head, PUSH1 refuse, JUMPI, forward, PUSH1 ok, JUMPI, revert(returndata), ok: return(returndata), refuse: revert
  const okAt = head.length / 2 + 3 + forward.length / 2 + 3 + 4; // after the 4-byte revert
  const refuseAt = okAt + 5; // after the 5-byte ok branch
  const byte = (n: number) => n.toString(16).padStart(2, "0");
  const code: Hex = `0x${head}60${byte(refuseAt)}57${forward}60${byte(okAt)}573d6000fd5b3d6000f35b60006000fd`;
  await chain.request({ method: "anvil_setCode" as never, params: [ETH_FEED, code] as never });
  await chain.request({ method: "evm_increaseTime" as never, params: [2 * 3600] as never });
  await chain.request({ method: "evm_mine" as never, params: [] as never });
  await marketObject().invalidate();
}

describe("automation: a risk rule on a price history that stopped", () => {
  it("says so on the idle rule and in the alert it sends; a current history says nothing", async () => {
    const user = await session(BORROWER);
    const quiet = await createRule(user, {
      name: "Tell me when liquidation is near certain",
      trigger: { type: "risk_above", probability: 0.99, horizon: "24h" },
      action: { type: "notify" },
    });
    const anyRisk = {
      trigger: { type: "risk_above", probability: 1e-9, horizon: "7d" },
      action: { type: "notify" },
    } as const;
    await createRule(user, { name: "Any risk, before", ...anyRisk });
    await tick(user);
    expect((await ruleOf(user, quiet.id)).lastError).toBeNull();
    const alertsBefore = await alerts(user);
    expect(alertsBefore).toHaveLength(1);
    expect(alertsBefore[0]).not.toMatch(/could not be read/);

    await stopEthHistory();
    await stubOf(user).refreshPortfolio(); // the user's positions as the next tick after the 30 s cache reads them
    // A second rule (its own threshold: one trigger and action is one rule) fires afresh, past the first's cooldown.
    await createRule(user, {
      name: "Any risk, after",
      ...anyRisk,
      trigger: { ...anyRisk.trigger, probability: 2e-9 },
    });
    await tick(user);
    // Idle, still watched, and the rule's status line says what its number stands on.
    expect((await ruleOf(user, quiet.id)).lastError).toMatch(STALE);
    expect(await proposalsOf(user, quiet.id)).toEqual([]);
    const alertsAfter = await alerts(user);
    expect(alertsAfter).toHaveLength(2);
    expect(alertsAfter[1]).toMatch(/^liquidation risk over 7d is [\d.]+ %, above [\d.e-]+ % \(/);
    expect(alertsAfter[1]).toMatch(STALE);
  });

  it("says so on the proposal's risk before → after, as the dashboard's forecast does; a current history says nothing", async () => {
    const user = await session(BORROWER);
    await mintTo("WETH", user.address, parseUnits("20", 18));
    const supplyWeth = {
      trigger: { type: "risk_above", probability: 1e-9, horizon: "24h" },
      action: { type: "supply_collateral", chainId: 31337, asset: "WETH", targetHealthFactor: 1.6 },
      guards: { proposalExpirySeconds: 600 },
    } as const;
    const current = await createRule(user, { name: "Before", ...supplyWeth });
    await tick(user);
    const [calm] = await proposalsOf(user, current.id);
    expect(calm?.preview?.risk.before).toBeGreaterThan(0);
    expect(calm?.preview?.risk).not.toHaveProperty("note");

    await stopEthHistory();
    await stubOf(user).refreshPortfolio();
    const stale = await createRule(user, {
      name: "After",
      ...supplyWeth,
      trigger: { ...supplyWeth.trigger, probability: 2e-9 },
    });
    await tick(user);
    const [proposal] = await proposalsOf(user, stale.id);
    expect(proposal?.preview?.risk.after).toBeLessThan(proposal!.preview!.risk.before!);
    expect(proposal?.preview?.risk.note).toMatch(STALE);
    const portfolio = (await (await call("/portfolios", { token: user.token })).json()) as Portfolio;
    expect(portfolio.risk.status === "ok" && portfolio.risk.drivers[0]).toBe(proposal?.preview?.risk.note);
  });
});

/** The messages of the notify rules' alerts, oldest first. */
async function alerts(s: Awaited<ReturnType<ReturnType<typeof userSessions>>>): Promise<string[]> {
  return (await messagesOf(s)).flatMap((m) =>
    m.type === "notification" && m.payload.title.startsWith("Any risk") ? [m.payload.message] : [],
  );
}
